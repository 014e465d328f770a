import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import type { Config } from '../config.ts';
import { SAFE_METHODS, sessionCookieName } from './auth.ts';
import { forbidden } from './errors.ts';

/**
 * SAFETY 16: a state-changing request carrying browser credentials must come from our own
 * pages. Origin must be ours (PUBLIC_URL, or the host the request was sent to).
 */
export function isSameOrigin(request: FastifyRequest, config: Config): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) {
    if (origin === config.publicUrl.origin) return true;
    try {
      return new URL(origin).host === request.headers.host;
    } catch {
      return false;
    }
  }
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  // No browser headers at all: a script or curl. Only refuse if it carries our session cookie.
  return !request.headers.cookie?.includes(`${sessionCookieName(config)}=`);
}

export function registerSecurity(app: FastifyInstance, config: Config) {
  // Helmet's headers, worked out once (its Fastify plugin builds the middleware again on every
  // request, which cost about 4% of a cached feed page's server time).
  const setSecurityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // Map tiles come from the configured tile server (MAP_TILE_URL), and from nowhere else.
        imgSrc: ["'self'", 'data:', 'blob:', tileOrigin(config.mapTileUrl)],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.isProduction ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: config.isProduction ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  app.addHook('onRequest', (request, reply, done) => {
    setSecurityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined));
  });

  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    if (request.headers.authorization !== undefined) return; // bearer tokens are not ambient credentials
    if (!isSameOrigin(request, config)) {
      throw forbidden('foreign-origin', 'This request came from another site and was refused.');
    }
  });

  // Personal data must not sit in shared or browser caches (SAFETY 20).
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
    }
  });
}

/** The origin of a tile URL template: https://{s}.tile.example.org/{z}/{x}/{y}.png → https://*.tile.example.org */
export function tileOrigin(template: string) {
  const match = /^(https?:\/\/[^/]+)/.exec(template);
  return (match?.[1] ?? "'self'").replace('{s}', '*');
}
