import type { ServerResponse } from 'node:http';
import { EVENTS_CHANNEL } from '../../cache/channels.ts';
import type { Listener } from '../../db/listen.ts';

const HEARTBEAT_MS = 25_000;

/**
 * Server-sent events for signed-in pages. The instance's listener hears every NOTIFY on the
 * events channel, so a notification made by any instance reaches the pages open on every instance.
 */
export function createEventHub(listener: Pick<Listener, 'on'>) {
  const streams = new Map<string, Set<ServerResponse>>();

  /** Streams by what they follow: `user:<id>` for notifications, `board:<group id>` for a board. */
  const push = (key: string, event: string) => {
    for (const stream of streams.get(key) ?? []) stream.write(`event: ${event}\ndata: {}\n\n`);
  };

  listener.on(EVENTS_CHANNEL, (payload) => {
    const { userIds, groupIds } = JSON.parse(payload || '{}') as {
      userIds?: string[];
      groupIds?: string[];
    };
    for (const userId of userIds ?? []) push(`user:${userId}`, 'notification');
    for (const groupId of groupIds ?? []) push(`board:${groupId}`, 'board');
  });

  const heartbeat = setInterval(() => {
    for (const set of streams.values()) for (const stream of set) stream.write(': still here\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    open(keys: string[], stream: ServerResponse) {
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
    close() {
      clearInterval(heartbeat);
      for (const set of streams.values()) for (const stream of set) stream.end();
      streams.clear();
    },
  };
}
