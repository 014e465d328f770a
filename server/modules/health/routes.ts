import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LOCALES, PASSWORD_MIN, ZInstance } from '../../../common/accounts.ts';
import type { Deps } from '../../deps.ts';

const ZHealth = z.object({
  status: z.enum(['ok', 'unavailable']),
  server: z.enum(['ok', 'shutting-down']),
  database: z.enum(['ok', 'unreachable']),
});

export async function healthRoutes(app: FastifyInstance, deps: Deps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/health',
    {
      schema: {
        tags: ['instance'],
        summary: 'Readiness of the server and its database (503 while shutting down)',
        response: { 200: ZHealth, 503: ZHealth },
      },
    },
    async (_request, reply) => {
      const server = deps.lifecycle.isShuttingDown ? 'shutting-down' : 'ok';
      const database = await deps.pool.query('SELECT 1').then(
        () => 'ok' as const,
        () => 'unreachable' as const,
      );
      const isReady = server === 'ok' && database === 'ok';
      return reply
        .code(isReady ? 200 : 503)
        .send({ status: isReady ? 'ok' : 'unavailable', server, database });
    },
  );

  api.get(
    '/api/v1/instance',
    {
      schema: {
        tags: ['instance'],
        summary: 'Public facts the web app needs',
        response: { 200: ZInstance },
      },
    },
    async () => ({
      name: 'Kindred',
      locales: [...LOCALES],
      quickExitUrl: deps.config.quickExitUrl,
      passwordMinLength: PASSWORD_MIN,
      map: { tileUrl: deps.config.mapTileUrl, attribution: deps.config.mapAttribution },
      hasGeocoder: deps.config.geocoderUrl !== undefined,
    }),
  );
}
