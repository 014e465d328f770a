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

  const push = (userId: string, event: string) => {
    for (const stream of streams.get(userId) ?? []) stream.write(`event: ${event}\ndata: {}\n\n`);
  };

  async function listen() {
    if (listener || isClosed) return;
    listener = await pool.connect();
    listener.on('notification', (message) => {
      try {
        const { userIds } = JSON.parse(message.payload ?? '{}') as { userIds?: string[] };
        for (const userId of userIds ?? []) push(userId, 'notification');
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
    async open(userId: string, stream: ServerResponse) {
      await listen();
      let set = streams.get(userId);
      if (!set) {
        set = new Set();
        streams.set(userId, set);
      }
      set.add(stream);
      stream.on('close', () => {
        set.delete(stream);
        if (set.size === 0) streams.delete(userId);
      });
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
