import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { idempotencyKeys } from '../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import { AppError, badRequest } from './errors.ts';

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,200}$/;

/**
 * SAFETY 24: a POST carrying `Idempotency-Key` runs once per key and person. A retry with the
 * same key and body gets the first answer again and creates nothing; the same key with a
 * different body gets 422. A request that failed frees its key, so a retry can succeed.
 */
export async function idempotent<T>(
  deps: Pick<Deps, 'db'>,
  request: FastifyRequest,
  reply: FastifyReply,
  userId: string,
  run: () => Promise<{ status: number; body: T }>,
): Promise<T> {
  const key = request.headers['idempotency-key'];
  if (key === undefined) {
    const result = await run();
    reply.code(result.status);
    return result.body;
  }
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw badRequest('invalid-idempotency-key', 'The Idempotency-Key header is not valid.', [
      {
        field: 'Idempotency-Key',
        code: 'invalid',
        message: 'Use 8 to 200 letters, digits or -_.:',
      },
    ]);
  }
  const route = `${request.method} ${request.routeOptions.url}`;
  const requestHash = createHash('sha256')
    .update(`${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
  const claimed = await deps.db
    .insert(idempotencyKeys)
    .values({ userId, key, route, requestHash })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  const where = and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key));
  if (claimed.length === 0) {
    const [first] = await deps.db.select().from(idempotencyKeys).where(where);
    if (!first || first.requestHash !== requestHash || first.route !== route) {
      throw new AppError(
        422,
        'idempotency-key-reused',
        'This Idempotency-Key was already used for a different request.',
      );
    }
    if (first.status === null) {
      throw new AppError(409, 'in-progress', 'The first request with this key is still running.');
    }
    reply.code(first.status).header('idempotent-replayed', 'true');
    return first.response as T;
  }
  try {
    const result = await run();
    await deps.db
      .update(idempotencyKeys)
      .set({ status: result.status, response: result.body as object })
      .where(where);
    reply.code(result.status);
    return result.body;
  } catch (error) {
    await deps.db.delete(idempotencyKeys).where(where);
    throw error;
  }
}
