import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createListener } from '../db/listen.ts';
import type { Deps } from '../deps.ts';
import { SAFE_METHODS } from '../http/auth.ts';
import { createAccessCache } from './access-cache.ts';
import { SETTLED_CHANNEL } from './channels.ts';
import { createGroupCache } from './group-cache.ts';
import { notedGroups, noteGroupsOf } from './noted-groups.ts';
import { createSessionCache, type LiveSession, type LiveToken } from './session-cache.ts';

/** Cached group pages kept at most (feed pages, boards, suggestions; least recently used go). */
const CACHE_ENTRIES = 2_000;
/** Signed-in sessions (and, apart, access tokens) kept at most (the oldest go first). */
const SESSION_ENTRIES = 20_000;
/** Readers' access to a group or a post kept at most (least recently used go). */
const ACCESS_ENTRIES = 20_000;

declare module 'fastify' {
  interface FastifyInstance {
    /** Resolves once every change committed so far has been heard by this instance (tests). */
    settled(): Promise<void>;
  }
  interface FastifyContextConfig {
    /**
     * The route changes its caller's account or sessions (signing in or out, a new password or
     * name): their cached sessions and tokens here are forgotten before the reply.
     */
    changesAccount?: boolean;
  }
}

export type Caches = ReturnType<typeof createCaches>;

function createCaches(deps: Pick<Deps, 'pool' | 'log' | 'config'>) {
  const listener = createListener(deps.pool, deps.log);
  const ttlMs = deps.config.cacheSeconds * 1000;
  return {
    listener,
    cache: createGroupCache(listener, { ttlMs, maxEntries: CACHE_ENTRIES }),
    sessions: createSessionCache<LiveSession>(listener, { ttlMs, maxEntries: SESSION_ENTRIES }),
    accessTokens: createSessionCache<LiveToken>(listener, { ttlMs, maxEntries: SESSION_ENTRIES }),
    access: createAccessCache(listener, { ttlMs, maxEntries: ACCESS_ENTRIES }),
  };
}

/**
 * Everything Kindred keeps in memory, and the one place that drops it: the database announces
 * every change (triggers NOTIFY at commit; the table is in docs/ARCHITECTURE.md, "The cache's
 * contract") and every instance's listener drops what it touches. Here too, so that a writer's
 * next request on this instance never waits for the announcement: a write's own groups (the
 * ones its lookups noted), what its writer may read, and, for a route that changes an account,
 * its caller's sessions and tokens, are dropped before the reply.
 */
export function registerCaches(app: FastifyInstance, deps: Pick<Deps, 'pool' | 'log' | 'config'>) {
  const caches = createCaches(deps);
  const { listener, cache, access, sessions, accessTokens } = caches;

  app.addHook('onRequest', (request, _reply, done) => {
    if (SAFE_METHODS.has(request.method)) done();
    else noteGroupsOf(done);
  });
  app.addHook('onSend', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    for (const groupId of notedGroups()) {
      cache.changed(groupId);
      access.changed(groupId);
    }
    if (!request.user) return;
    access.forgetPerson(request.user.id);
    if (request.routeOptions.config.changesAccount) {
      sessions.forgetPerson(request.user.id);
      accessTokens.forgetPerson(request.user.id);
    }
  });

  // Resolves once every change committed so far has been heard back: the listener hears
  // notifications in commit order, so a NOTIFY sent now arrives after theirs.
  const waiting = new Map<string, () => void>();
  listener.on(SETTLED_CHANNEL, (token) => waiting.get(token)?.());
  app.decorate('settled', async () => {
    // Nothing is cached while nothing is heard.
    if (!listener.isLive()) return;
    const token = randomUUID();
    const heard = new Promise<void>((resolve) => waiting.set(token, resolve));
    try {
      await deps.pool.query('SELECT pg_notify($1, $2)', [SETTLED_CHANNEL, token]);
      await heard;
    } finally {
      waiting.delete(token);
    }
  });
  app.addHook('onReady', async () => listener.start());
  app.addHook('onClose', async () => listener.close());
  return caches;
}
