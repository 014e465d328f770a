import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Below this, compressing costs more than it saves. */
const COMPRESS_FROM_BYTES = 1024;

export type Coding = 'br' | 'gzip';

export type SharedBody = {
  json: string;
  isWorthPacking: boolean;
  /** Compressed copies, made the first time a client asks for one. */
  packed: Partial<Record<Coding, Buffer>>;
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

/** The coding this client takes (`br` first, then `gzip`), or undefined for neither. */
export function codingFor(request: FastifyRequest): Coding | undefined {
  const header = request.headers['accept-encoding'] ?? '';
  return (['br', 'gzip'] as const).find((coding) => accepts(header, coding));
}

/** Sends a shared body, compressed when the client says it can take it. */
export function sendShared(request: FastifyRequest, reply: FastifyReply, body: SharedBody) {
  const coding = body.isWorthPacking ? codingFor(request) : undefined;
  if (!coding) return sendJson(reply, body.json);
  body.packed[coding] ??= pack[coding](body.json);
  return sendPacked(reply, coding, body.packed[coding]);
}

/** Sends JSON as it is. */
export function sendJson(reply: FastifyReply, json: string) {
  return reply
    .type('application/json; charset=utf-8')
    .header('vary', 'accept-encoding')
    .send(json as never);
}

/** Sends JSON already compressed with `coding` (by `packJson`). */
export function sendPacked(reply: FastifyReply, coding: Coding, packed: Buffer) {
  return reply
    .type('application/json; charset=utf-8')
    .header('vary', 'accept-encoding')
    .header('content-encoding', coding)
    .send(packed as never);
}

/**
 * JSON compressed with `coding`, for a body to keep and send again; undefined when it is too
 * small to be worth it.
 */
export function packJson(json: string, coding: Coding): Buffer | undefined {
  return Buffer.byteLength(json) >= COMPRESS_FROM_BYTES ? pack[coding](json) : undefined;
}
