import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendProblem } from './errors.ts';

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kindred</title></head>
<body><main><h1>Kindred</h1><p>The web app has not been built yet. Run <code>npm run build</code>, or start Kindred with <code>npm start</code>, which builds it.</p></main></body></html>`;

/** Serves the built web app; any other non-API path gets index.html so the app's router can answer. */
export async function registerWeb(app: FastifyInstance, webRoot: string) {
  const hasBuild = fs.existsSync(path.join(webRoot, 'index.html'));
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: true,
      index: ['index.html'],
      // The build writes .br and .gz beside each text file: sent to browsers that take them.
      preCompressed: true,
      setHeaders(reply, file) {
        // Vite puts a content hash in every asset name, so they never change.
        reply.header(
          'cache-control',
          file.includes(`${path.sep}assets${path.sep}`)
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        );
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    const wantsPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !pathname.startsWith('/api/') &&
      !pathname.startsWith('/assets/') &&
      !path.extname(pathname);
    if (!wantsPage) {
      return sendProblem(reply, {
        status: 404,
        code: 'not-found',
        detail: `There is nothing at ${request.method} ${pathname}.`,
      });
    }
    reply.header('cache-control', 'no-cache');
    if (!hasBuild) return reply.type('text/html').send(NOT_BUILT);
    return reply.sendFile('index.html');
  });
}
