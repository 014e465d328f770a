import { AsyncLocalStorage } from 'node:async_hooks';
import type { Listener } from './db/listen.ts';

/** The channel the database triggers of migration 0013 announce a changed group on. */
export const CHANGES_CHANNEL = 'kindred_changes';

export type GroupCache = ReturnType<typeof createGroupCache>;

const looked = new AsyncLocalStorage<Set<string>>();

/**
 * Runs a state-changing request with a note of the groups whose access it checks: when it ends,
 * this instance drops their cached pages itself (`GroupCache.changed`), so the writer's next
 * request here never waits on the database's announcement reaching the listener.
 */
export function noteGroupsOf(next: () => void) {
  looked.run(new Set(), next);
}

/** Called where a group's access is checked (a group or post lookup with the membership). */
export function noteGroup(groupId: string) {
  looked.getStore()?.add(groupId);
}

const NONE: ReadonlySet<string> = new Set();

/** The groups the current state-changing request looked at, if it is one. */
export const notedGroups = (): ReadonlySet<string> => looked.getStore() ?? NONE;

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

/** The channel migration 0015's triggers announce a person whose sessions changed on. */
export const SESSIONS_CHANNEL = 'kindred_sessions';

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
