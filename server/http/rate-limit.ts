import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { tooManyRequests } from './errors.ts';

type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * Counts one attempt under a key: the count within the window (a window that has passed starts
 * again at 1) and the milliseconds left in it.
 */
const increment = (key: SQL, windowMs: SQL) => sql`
  INSERT INTO rate_limits (key, count, reset_at)
  VALUES (${key}, 1, now() + ${windowMs} * interval '1 millisecond')
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN rate_limits.reset_at <= now() THEN 1 ELSE rate_limits.count + 1 END,
    reset_at = CASE WHEN rate_limits.reset_at <= now()
      THEN now() + ${windowMs} * interval '1 millisecond' ELSE rate_limits.reset_at END
  RETURNING count, (extract(epoch FROM reset_at - now()) * 1000)::int AS ttl`;

const INCREMENT = new PgDialect().sqlToQuery(increment(sql.raw('$1'), sql.raw('$2'))).sql;

/** A @fastify/rate-limit store in PostgreSQL, so that limits hold across server instances. */
export function pgRateLimitStore(pool: pg.Pool) {
  return class PgRateLimitStore {
    child() {
      return this;
    }

    incr(key: string, callback: IncrCallback, timeWindow: number) {
      pool
        .query<{ count: number; ttl: number }>({
          name: 'count_attempt',
          text: INCREMENT,
          values: [key, timeWindow],
        })
        .then(
          (result) => callback(null, { current: result.rows[0]!.count, ttl: result.rows[0]!.ttl }),
          (error: Error) => callback(error),
        );
    }
  };
}

export type Limit = {
  /** Distinguishes counters, e.g. "link-email". */
  name: string;
  max: number;
  windowMs: number;
};

/** The key a limit counts `key`'s attempts under (the same for `createLimiter` and `countAttempt`). */
export const limitKey = (limit: Limit, key: string) => `${limit.name}:${key}`;

/**
 * The counting of one attempt as SQL, for a busy write that counts its own attempt in the same
 * statement (a data-modifying WITH query; its rows are `count` and `ttl`, see `increment`), so
 * that counting costs no round trip of its own. The key is the placeholder `attemptKey` unless
 * given.
 */
export const countAttempt = (limit: Limit, key: SQL = sql`${sql.placeholder('attemptKey')}`) =>
  increment(key, sql.raw(String(Math.trunc(limit.windowMs))));

/**
 * A limiter that counts one attempt under `key` and throws 429 with Retry-After past the max.
 * Call it from a handler with the key it needs (an IP, an email, both).
 */
export function createLimiter(app: FastifyInstance, limit: Limit) {
  const check = app.createRateLimit({
    max: limit.max,
    timeWindow: limit.windowMs,
    keyGenerator: (request: FastifyRequest & { rateLimitKey?: string }) =>
      limitKey(limit, request.rateLimitKey ?? request.ip),
  });
  return async (request: FastifyRequest, key: string = request.ip) => {
    const result = await check(Object.assign(Object.create(request), { rateLimitKey: key }));
    if (!result.isAllowed && result.isExceeded) throw tooManyRequests(result.ttlInSeconds);
  };
}

export async function deleteExpiredRateLimits(pool: pg.Pool) {
  await pool.query('DELETE FROM rate_limits WHERE reset_at <= now()');
}
