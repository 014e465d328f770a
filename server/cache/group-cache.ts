import type { Listener } from '../db/listen.ts';
import { CHANGES_CHANNEL } from './channels.ts';

export type GroupCache = ReturnType<typeof createGroupCache>;

/**
 * What a group's pages show that is the same for every reader (a feed page's posts and counts,
 * the board), kept in memory and dropped as soon as anything in the group changes: every write
 * to the group's posts, comments, reactions, votes, responses, matches, messages, members,
 * helpers or settings fires a trigger that NOTIFYs the group's id at commit, and every instance
 * hears it. A value is only used under the group's version it was loaded at, so a load racing a
 * write is never served after the write's announcement. While the listener is down nothing is
 * cached. `ttlMs` bounds what no write announces (time passing: expiry, "free now", ages).
 */
export function createGroupCache(
  listener: Pick<Listener, 'on' | 'onReset' | 'isLive'>,
  options: { ttlMs: number; maxEntries: number },
) {
  const versions = new Map<string, number>();
  const entries = new Map<string, { stamp: string; expires: number; value: Promise<unknown> }>();
  let epoch = 0;
  let hits = 0;
  let misses = 0;
  let nextSweep = 0;

  /** Drops what has aged out, at most once per `ttlMs`: memory holds what was used lately. */
  const sweep = (now: number) => {
    if (now < nextSweep) return;
    nextSweep = now + options.ttlMs;
    for (const [id, entry] of entries) if (entry.expires <= now) entries.delete(id);
  };

  const changed = (groupId: string) => {
    versions.set(groupId, (versions.get(groupId) ?? 0) + 1);
  };
  listener.on(CHANGES_CHANNEL, changed);
  listener.onReset(() => {
    epoch++;
    entries.clear();
    versions.clear();
  });

  return {
    /** The cached value for this group and key, else `load()`'s (shared by concurrent callers). */
    get<T>(groupId: string, key: string, load: () => Promise<T>): Promise<T> {
      if (options.ttlMs <= 0 || !listener.isLive()) return load();
      const stamp = `${epoch}.${versions.get(groupId) ?? 0}`;
      const id = `${groupId} ${key}`;
      const now = Date.now();
      sweep(now);
      const entry = entries.get(id);
      if (entry && entry.stamp === stamp && entry.expires > now) {
        hits++;
        // Least recently used goes first: move this one to the end.
        entries.delete(id);
        entries.set(id, entry);
        return entry.value as Promise<T>;
      }
      misses++;
      const value = load();
      entries.set(id, { stamp, expires: now + options.ttlMs, value });
      value.catch(() => {
        if (entries.get(id)?.value === value) entries.delete(id);
      });
      while (entries.size > options.maxEntries) {
        entries.delete(entries.keys().next().value!);
      }
      return value;
    },
    /** Drops the group's cached values here at once (the announcement reaches the others). */
    changed,
    stats: () => ({ entries: entries.size, hits, misses }),
  };
}
