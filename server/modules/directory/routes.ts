import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZDirectoryPage,
  ZDirectoryQuery,
  ZImportReport,
  ZImportRequest,
  ZPlaceList,
  ZPlaceQuery,
} from '../../../common/groups.ts';
import { ZProblem } from '../../../common/problem.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../http/auth.ts';
import { AppError, badRequest, forbidden } from '../../http/errors.ts';
import { createLimiter } from '../../http/rate-limit.ts';
import { describeError } from '../../log.ts';
import { findGroup, loadGroup } from '../groups/groups.ts';
import * as policy from '../groups/policy.ts';
import { presentSummary } from '../groups/present.ts';
import { detectFormat, parseRows, toCsv, toGeoJson } from './formats.ts';
import { importGroups, type Progress } from './import.ts';
import { findPlaces } from './places.ts';
import { searchDirectory } from './store.ts';

const tags = ['directory'];
const problems = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem };

const decodeOffset = (cursor: string | undefined) => {
  if (!cursor) return 0;
  const offset = Number(Buffer.from(cursor, 'base64url').toString());
  if (!Number.isInteger(offset) || offset < 0) {
    throw badRequest('invalid-cursor', 'That page link is not valid.', [
      { field: 'cursor', code: 'invalid', message: 'Start again from the first page.' },
    ]);
  }
  return offset;
};
const encodeOffset = (offset: number) => Buffer.from(String(offset)).toString('base64url');

/** The directory is public data: any site may read it (no cookies cross: the origin is "*"). */
function openCors(reply: FastifyReply) {
  reply.header('access-control-allow-origin', '*');
  reply.header('cache-control', 'public, max-age=60');
  reply.header('vary', 'accept-encoding');
}

const ZExportQuery = ZDirectoryQuery.extend({
  limit: z.coerce.number().int().min(1).max(100_000).default(100_000),
});

export async function directoryRoutes(app: FastifyInstance, deps: Deps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Place searches may reach an outside geocoder on the asker's behalf: keep them human-paced.
  const placesLimit = createLimiter(app, { name: 'places-ip', max: 60, windowMs: 60_000 });

  async function search(query: z.infer<typeof ZDirectoryQuery>) {
    let networkId: string | undefined;
    if (query.network) {
      const network = await findGroup(deps, query.network);
      // An unknown or hidden network filters to nothing, exactly like an empty one.
      networkId =
        network && network.visibility !== 'hidden'
          ? network.id
          : '00000000-0000-0000-0000-000000000000';
    }
    const offset = decodeOffset(query.cursor);
    const rows = await searchDirectory(deps.db, {
      near: query.near,
      q: query.q,
      radiusKm: query.radius,
      networkId,
      limit: query.limit + 1,
      offset,
    });
    return {
      items: rows
        .slice(0, query.limit)
        .map((row) => presentSummary(row.group, deps.config, row.distanceKm)),
      nextCursor: rows.length > query.limit ? encodeOffset(offset + query.limit) : null,
    };
  }

  for (const path of ['/api/v1/groups', '/api/v1/groups.geojson', '/api/v1/groups.csv']) {
    app.options(path, async (_request, reply) => {
      openCors(reply);
      reply.header('access-control-allow-methods', 'GET, OPTIONS');
      reply.header('access-control-allow-headers', 'accept');
      reply.header('access-control-max-age', '86400');
      return reply.code(204).send();
    });
  }

  api.get(
    '/api/v1/groups',
    {
      schema: {
        tags,
        summary: 'The public directory: public and listed groups, nearest first',
        description:
          'No sign-in needed; CORS is open. `near=LAT,LNG` sorts by distance and gives each `distanceKm`; `radius` (km) limits it; `q` matches names and places. Also as `/api/v1/groups.geojson` and `/api/v1/groups.csv`.',
        querystring: ZDirectoryQuery,
        response: { 200: ZDirectoryPage, 400: ZProblem },
      },
    },
    async (request, reply) => {
      openCors(reply);
      return search(request.query);
    },
  );

  api.get(
    '/api/v1/groups.geojson',
    {
      schema: {
        tags,
        summary: 'The directory as a GeoJSON FeatureCollection (same filters)',
        querystring: ZExportQuery,
        response: { 400: ZProblem },
      },
    },
    async (request, reply) => {
      openCors(reply);
      const page = await search(request.query);
      return reply
        .type('application/geo+json')
        .send(JSON.stringify(toGeoJson(page.items)) as never);
    },
  );

  api.get(
    '/api/v1/groups.csv',
    {
      schema: {
        tags,
        summary: 'The directory as CSV, with the columns the import reads (same filters)',
        querystring: ZExportQuery,
        response: { 400: ZProblem },
      },
    },
    async (request, reply) => {
      openCors(reply);
      const page = await search(request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="kindred-groups.csv"')
        .send(toCsv(page.items) as never);
    },
  );

  api.get(
    '/api/v1/places',
    {
      schema: {
        tags,
        summary:
          'Places by name (offline gazetteer), and postcodes or addresses when a geocoder is set',
        querystring: ZPlaceQuery,
        response: { 200: ZPlaceList, 400: ZProblem, 429: ZProblem },
      },
    },
    async (request) => {
      await placesLimit(request);
      const locale = request.query.locale ?? request.user?.locale ?? 'en';
      return findPlaces(deps, { query: request.query.q, locale });
    },
  );

  api.post(
    '/api/v1/groups/import',
    {
      bodyLimit: 25 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Import groups from CSV, JSON or GeoJSON (instance admins, or a network’s admins)',
        description:
          'Bad rows are reported (row, field, reason) while good rows go in; re-importing updates by external id, else by name and position. With `Accept: application/x-ndjson` the answer streams progress lines, then the report.',
        body: ZImportRequest,
        response: { 200: ZImportReport, ...problems },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      let networkId: string | null = null;
      if (request.body.network) {
        const { group, membership } = await loadGroup(deps, request.body.network, user);
        if (group.kind !== 'network') {
          throw badRequest('not-a-network', 'Groups can only be imported into a network.', [
            { field: 'network', code: 'not-a-network', message: 'Choose a network.' },
          ]);
        }
        if (!policy.canAdminister(membership) && !user.isAdmin) {
          throw forbidden('not-admin', "Only the network's admins can import groups into it.");
        }
        networkId = group.id;
      } else if (!user.isAdmin) {
        throw forbidden('not-admin', 'Only instance admins can import groups outside a network.');
      }
      const format =
        request.body.format ?? detectFormat(request.body.content, request.body.fileName);
      const rows = parseRows(request.body.content, format);
      const run = (onProgress?: (progress: Progress) => void) =>
        importGroups(deps, {
          rows,
          networkId,
          importedBy: user.id,
          dryRun: request.body.dryRun,
          ...(onProgress ? { onProgress } : {}),
        });

      if (!String(request.headers.accept ?? '').includes('application/x-ndjson')) return run();

      // Progress as it happens: one JSON object per line, the report last.
      const stream = new Readable({ read() {} });
      run((progress) => {
        stream.push(`${JSON.stringify({ type: 'progress', ...progress })}\n`);
      })
        .then((report) => stream.push(`${JSON.stringify({ type: 'report', report })}\n`))
        .catch((error: unknown) => {
          if (!(error instanceof AppError)) {
            request.log.error({ error: describeError(error) }, 'import failed');
          }
          const detail =
            error instanceof AppError
              ? error.message
              : 'Something went wrong on our side. Rows already imported are kept; importing the file again finishes the rest.';
          stream.push(`${JSON.stringify({ type: 'error', detail })}\n`);
        })
        .finally(() => stream.push(null));
      return reply.type('application/x-ndjson').send(stream as never);
    },
  );
}
