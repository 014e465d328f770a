import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.ts';

/**
 * Structured logs with no tokens, passwords, emails, addresses or phone numbers (SAFETY 22):
 * requests are logged by method and path only (query strings can carry search text), and
 * fields with those names are censored wherever they appear.
 */
export function createLogger(
  config: Pick<Config, 'logLevel'>,
  destination?: DestinationStream,
): Logger {
  return pino(
    {
      level: config.logLevel,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          '*.password',
          '*.newPassword',
          '*.currentPassword',
          '*.token',
          '*.email',
          '*.phone',
          '*.address',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({
          id: req.id,
          method: req.method,
          // An unsubscribe or "Did it happen?" link's token is in its path (RFC 8058 wants a
          // plain URL): not logged.
          path: req.url
            .split('?')[0]!
            .replace(/\/(unsubscribe|follow-ups|did-it-happen)\/[^/]+/, '/$1/[token]'),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination,
  );
}

type LoggableError = Error & {
  code?: string;
  constraint?: string;
  query?: string;
  cause?: unknown;
};

/**
 * What to log about an unexpected error: its kind, code and where it came from, never the
 * values involved. A failed query's message lists its parameters (emails, addresses) and a
 * PostgreSQL error's `detail` repeats the offending value, so neither is logged.
 */
export function describeError(error: unknown) {
  const outer = error as LoggableError;
  const isQueryError = typeof outer?.query === 'string';
  const inner = (
    isQueryError && outer.cause instanceof Error ? outer.cause : outer
  ) as LoggableError;
  return {
    type: inner?.name ?? typeof error,
    code: inner?.code,
    constraint: inner?.constraint,
    message: isQueryError ? `query failed: ${inner?.message}` : inner?.message,
    // Frames only: the stack's first lines repeat the message, which may span several lines.
    stack: String(outer?.stack ?? '')
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .slice(0, 8)
      .join('\n'),
  };
}
