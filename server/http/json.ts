import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Below this, compressing costs more than it saves. */
const COMPRESS_FROM_BYTES = 1024;

export type SharedBody = {
  json: string;
  isWorthPacking: boolean;
  /** Compressed copies, made the first time a client asks for one. */
  packed: { br?: Buffer; gzip?: Buffer };
};

const pack = {
  br: (json: string) =>
    brotliCompressSync(json, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 5,
        [constants.BROTLI_PARAM_SIZE_HINT]: json.length,
      },
    }),
  gzip: (json: string) => gzipSync(json),
};

/**
 * A body that is the same for every reader (a cached board), already checked against its
 * response schema and serialised (with the schema's `encode`, as Fastify's serializer does), and
 * compressed at most once per coding: the work is done once per change, not once per request,
 * and a phone on a slow connection downloads a tenth of it.
 */
export function sharedBody(json: string): SharedBody {
  return { json, isWorthPacking: Buffer.byteLength(json) >= COMPRESS_FROM_BYTES, packed: {} };
}

/** Whether the client takes this content coding (`br`, `gzip`), per Accept-Encoding. */
function accepts(header: string, coding: string) {
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== coding && name !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  }
  return false;
}

/** Sends a shared body, compressed when the client says it can take it. */
export function sendShared(request: FastifyRequest, reply: FastifyReply, body: SharedBody) {
  reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
  const header = request.headers['accept-encoding'] ?? '';
  if (body.isWorthPacking) {
    for (const coding of ['br', 'gzip'] as const) {
      if (!accepts(header, coding)) continue;
      body.packed[coding] ??= pack[coding](body.json);
      return reply.header('content-encoding', coding).send(body.packed[coding] as never);
    }
  }
  return reply.send(body.json as never);
}
