import type { Listener } from '../db/listen.ts';
import type { accessTokens, sessions } from '../db/schema/index.ts';
import type { User } from '../modules/accounts/types.ts';
import { SESSIONS_CHANNEL } from './channels.ts';

/** A signed-in session as its lookup found it, with its person. */
export type LiveSession = { session: typeof sessions.$inferSelect; user: User; userId: string };
/** A personal access token as its lookup found it, with its person. */
export type LiveToken = { token: typeof accessTokens.$inferSelect; user: User; userId: string };

export type SessionCache<T extends { userId: string }> = ReturnType<typeof createSessionCache<T>>;

/**
 * Signed-in sessions kept in memory for at most `ttlMs`, so most requests need no lookup of
 * their own. Anything that ends a session or changes its person fires a trigger that NOTIFYs
 * the person's id at commit, and every instance forgets their sessions; the instance that made
 * the change forgets them before it replies (`forgetPerson`, `forget`). A lookup that overlapped
 * any announcement is not kept. While the listener is down nothing is kept.
 */
export function createSessionCache<T extends { userId: string }>(
  listener: Pick<Listener, 'on' | 'onReset' | 'isLive'>,
  options: { ttlMs: number; maxEntries: number },
) {
  const entries = new Map<string, { value: T; expires: number }>();
  const byPerson = new Map<string, Set<string>>();
  let announcements = 0;

  const drop = (id: string) => {
    const entry = entries.get(id);
    if (!entry) return;
    entries.delete(id);
    const ids = byPerson.get(entry.value.userId);
    ids?.delete(id);
    if (ids?.size === 0) byPerson.delete(entry.value.userId);
  };
  const forgetPerson = (userId: string) => {
    announcements++;
    for (const id of byPerson.get(userId) ?? []) entries.delete(id);
    byPerson.delete(userId);
  };
  listener.on(SESSIONS_CHANNEL, forgetPerson);
  listener.onReset(() => {
    announcements++;
    entries.clear();
    byPerson.clear();
  });

  return {
    /** The session with this id as last looked up, else `load()`'s (kept when found). */
    async get(id: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
      if (options.ttlMs <= 0 || !listener.isLive()) return load();
      const now = Date.now();
      const entry = entries.get(id);
      if (entry && entry.expires > now) return entry.value;
      drop(id);
      const before = announcements;
      const value = await load();
      if (value && announcements === before && listener.isLive()) {
        // Shared by every request of the session while kept: read-only, one level deep (the
        // session row and the person's row).
        for (const part of Object.values(value)) if (typeof part === 'object') Object.freeze(part);
        Object.freeze(value);
        entries.set(id, { value, expires: now + options.ttlMs });
        const ids = byPerson.get(value.userId) ?? new Set<string>();
        byPerson.set(value.userId, ids.add(id));
        // Oldest first: a Map keeps insertion order.
        while (entries.size > options.maxEntries) drop(entries.keys().next().value!);
      }
      return value;
    },
    /** Forgets one session (it was seen: its next lookup records when). */
    forget: (id: string) => {
      announcements++;
      drop(id);
    },
    /** Forgets every session of a person, here and now (the announcement reaches the others). */
    forgetPerson,
    size: () => entries.size,
  };
}
