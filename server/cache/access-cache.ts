import type { Listener } from '../db/listen.ts';
import { createGroupCache } from './group-cache.ts';

export type AccessCache = ReturnType<typeof createAccessCache>;

/** A lookup the access cache keeps: whatever it found, with the group it belongs to. */
type Access = { group: { id: string } };

/**
 * Who may read what, as last looked up for a request that changes nothing: a group (by slug) or
 * a post (by id) with one reader's membership (and their part in the post). A value is kept under
 * its group's version, like the group cache's pages, so any change to the group's settings,
 * members or posts drops it; and a person's values are forgotten here the moment they change
 * anything themselves (`forgetPerson`), whichever route they took. Which group a slug or post id
 * belongs to is remembered only as a hint: a load that finds it elsewhere is not kept, and the
 * caller gets a fresh lookup. Values are shared between requests, so they are frozen.
 */
export function createAccessCache(
  listener: Pick<Listener, 'on' | 'onReset' | 'isLive'>,
  options: { ttlMs: number; maxEntries: number },
) {
  const cache = createGroupCache(listener, options);
  const groupOf = new Map<string, string>();
  const stamps = new Map<string, { n: number; at: number }>();
  let lastStamp = 0;

  const freeze = <T extends Access>(found: T): T => {
    for (const part of Object.values(found)) if (typeof part === 'object') Object.freeze(part);
    return Object.freeze(found);
  };
  const remember = (name: string, groupId: string) => {
    if (groupOf.size >= options.maxEntries) groupOf.clear();
    groupOf.set(name, groupId);
  };

  return {
    /** `load()`'s value for this name and person, from memory while nothing it shows changed. */
    async get<T extends Access>(
      name: string,
      personId: string | null,
      load: () => Promise<T | undefined>,
    ): Promise<T | undefined> {
      const groupId = groupOf.get(name);
      if (groupId !== undefined) {
        const stamp = personId === null ? 0 : (stamps.get(personId)?.n ?? 0);
        const kept = await cache.get(groupId, `${name} ${personId} ${stamp}`, async () => {
          const found = await load();
          return found?.group.id === groupId ? freeze(found) : undefined;
        });
        if (kept) return kept;
      }
      const found = await load();
      if (found) remember(name, found.group.id);
      else groupOf.delete(name);
      return found;
    },
    /**
     * `load()`'s value for this group, key and person, kept like a lookup (for what one reader
     * sees of a group's shared page: their own reactions, votes and held posts). Read-only but
     * for copies made from it (their page, compressed), which are the same whoever makes them.
     */
    keep<T>(groupId: string, key: string, personId: string, load: () => Promise<T>): Promise<T> {
      const stamp = stamps.get(personId)?.n ?? 0;
      return cache.get(groupId, `${key} ${personId} ${stamp}`, load);
    },
    /** Drops the group's values here at once (the announcement reaches the others). */
    changed: cache.changed,
    /**
     * Forgets everything kept for this person here. A stamp older than the values' lifetime
     * guards nothing still kept, so stamps are swept once they are that old.
     */
    forgetPerson(personId: string) {
      const now = Date.now();
      if (stamps.size >= options.maxEntries) {
        for (const [id, { at }] of stamps) if (at + options.ttlMs < now) stamps.delete(id);
      }
      stamps.set(personId, { n: ++lastStamp, at: now });
    },
  };
}
