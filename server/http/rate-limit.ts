import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { tooManyRequests } from './errors.ts';

type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

const INCREMENT = `
  INSERT INTO rate_limits (key, count, reset_at)
  VALUES ($1, 1, now() + $2 * interval '1 millisecond')
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN rate_limits.reset_at <= now() THEN 1 ELSE rate_limits.count + 1 END,
    reset_at = CASE WHEN rate_limits.reset_at <= now()
      THEN now() + $2 * interval '1 millisecond' ELSE rate_limits.reset_at END
  RETURNING count, (extract(epoch FROM reset_at - now()) * 1000)::int AS ttl`;

/** A @fastify/rate-limit store in PostgreSQL, so that limits hold across server instances. */
export function pgRateLimitStore(pool: pg.Pool) {
  return class PgRateLimitStore {
    child() {
      return this;
    }

    incr(key: string, callback: IncrCallback, timeWindow: number) {
      pool.query<{ count: number; ttl: number }>(INCREMENT, [key, timeWindow]).then(
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

/**
 * A limiter that counts one attempt under `key` and throws 429 with Retry-After past the max.
 * Call it from a handler with the key it needs (an IP, an email, both).
 */
export function createLimiter(app: FastifyInstance, limit: Limit) {
  const check = app.createRateLimit({
    max: limit.max,
    timeWindow: limit.windowMs,
    keyGenerator: (request: FastifyRequest & { rateLimitKey?: string }) =>
      `${limit.name}:${request.rateLimitKey ?? request.ip}`,
  });
  return async (request: FastifyRequest, key: string = request.ip) => {
    const result = await check(Object.assign(Object.create(request), { rateLimitKey: key }));
    if (!result.isAllowed && result.isExceeded) throw tooManyRequests(result.ttlInSeconds);
  };
}

export async function deleteExpiredRateLimits(pool: pg.Pool) {
  await pool.query('DELETE FROM rate_limits WHERE reset_at <= now()');
}
