import type { ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { describeError } from '../../log.ts';
import { EVENTS_CHANNEL } from './notify.ts';

const HEARTBEAT_MS = 25_000;

/**
 * Server-sent events for signed-in pages. Each instance LISTENs on one PostgreSQL connection,
 * so a notification made by any instance reaches the pages open on every instance.
 */
export function createEventHub(pool: pg.Pool, log: FastifyBaseLogger) {
  const streams = new Map<string, Set<ServerResponse>>();
  let listener: pg.PoolClient | undefined;
  let isClosed = false;

  /** Streams by what they follow: `user:<id>` for notifications, `board:<group id>` for a board. */
  const push = (key: string, event: string) => {
    for (const stream of streams.get(key) ?? []) stream.write(`event: ${event}\ndata: {}\n\n`);
  };

  async function listen() {
    if (listener || isClosed) return;
    listener = await pool.connect();
    listener.on('notification', (message) => {
      try {
        const { userIds, groupIds } = JSON.parse(message.payload ?? '{}') as {
          userIds?: string[];
          groupIds?: string[];
        };
        for (const userId of userIds ?? []) push(`user:${userId}`, 'notification');
        for (const groupId of groupIds ?? []) push(`board:${groupId}`, 'board');
      } catch (error) {
        log.warn({ error: describeError(error) }, 'unreadable event');
      }
    });
    listener.on('error', () => {
      listener = undefined;
    });
    await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
  }

  const heartbeat = setInterval(() => {
    for (const set of streams.values()) for (const stream of set) stream.write(': still here\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    async open(keys: string[], stream: ServerResponse) {
      await listen();
      for (const key of keys) {
        let set = streams.get(key);
        if (!set) {
          set = new Set();
          streams.set(key, set);
        }
        set.add(stream);
        const own = set;
        stream.on('close', () => {
          own.delete(stream);
          if (own.size === 0) streams.delete(key);
        });
      }
    },
    /** Ends every open stream, so a shutdown does not wait for pages that never leave. */
    async close() {
      isClosed = true;
      clearInterval(heartbeat);
      for (const set of streams.values()) for (const stream of set) stream.end();
      streams.clear();
      if (listener) {
        await listener.query(`UNLISTEN ${EVENTS_CHANNEL}`).catch(() => undefined);
        listener.release();
        listener = undefined;
      }
    },
  };
}
