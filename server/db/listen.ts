import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { describeError } from '../log.ts';

const RETRY_MS = 1_000;

export type Listener = ReturnType<typeof createListener>;

/**
 * One PostgreSQL connection per server instance that LISTENs on Kindred's channels, so what one
 * instance (or a job, or a trigger) announces reaches every instance. When the connection drops,
 * `onReset` handlers run (nothing heard meanwhile can be trusted) and it reconnects.
 */
export function createListener(pool: pg.Pool, log: FastifyBaseLogger) {
  const handlers = new Map<string, Array<(payload: string) => void>>();
  const resetHandlers: Array<() => void> = [];
  let client: pg.PoolClient | undefined;
  let connecting: Promise<void> | undefined;
  let retry: NodeJS.Timeout | undefined;
  let isClosed = false;

  const retryLater = () => {
    if (isClosed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void start();
    }, RETRY_MS);
    retry.unref();
  };

  const lost = (connection: pg.PoolClient, error?: unknown) => {
    if (client !== connection) return;
    client = undefined;
    connection.release(true);
    for (const handler of resetHandlers) handler();
    if (isClosed) return;
    log.warn({ error: error ? describeError(error) : undefined }, 'listener lost, reconnecting');
    retryLater();
  };

  async function connect() {
    const connection = await pool.connect();
    connection.on('notification', (message) => {
      for (const handler of handlers.get(message.channel) ?? []) {
        try {
          handler(message.payload ?? '');
        } catch (error) {
          log.warn({ error: describeError(error), channel: message.channel }, 'unreadable event');
        }
      }
    });
    connection.on('error', (error) => lost(connection, error));
    connection.on('end', () => lost(connection));
    try {
      for (const channel of handlers.keys()) await connection.query(`LISTEN ${channel}`);
    } catch (error) {
      connection.release(true);
      throw error;
    }
    if (isClosed) {
      connection.release(true);
      return;
    }
    client = connection;
  }

  /** Connects (once); resolves when listening. A failure is retried in the background. */
  function start(): Promise<void> {
    if (client || isClosed) return Promise.resolve();
    connecting ??= connect()
      .catch((error: unknown) => {
        log.warn({ error: describeError(error) }, 'could not listen, retrying');
        retryLater();
      })
      .finally(() => {
        connecting = undefined;
      });
    return connecting;
  }

  return {
    /** Register before `start`: the channel is LISTENed to when the connection is made. */
    on(channel: string, handler: (payload: string) => void) {
      if (!/^[a-z_]+$/.test(channel)) throw new Error(`bad channel name ${channel}`);
      const list = handlers.get(channel) ?? [];
      list.push(handler);
      handlers.set(channel, list);
    },
    onReset(handler: () => void) {
      resetHandlers.push(handler);
    },
    start,
    /** Whether every announcement made from now on will be heard. */
    isLive: () => client !== undefined,
    async close() {
      isClosed = true;
      if (retry) clearTimeout(retry);
      await connecting;
      const connection = client;
      client = undefined;
      if (connection) {
        await connection.query('UNLISTEN *').catch(() => undefined);
        connection.release();
      }
    },
  };
}
