import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import {
  createAccessCache,
  createGroupCache,
  createSessionCache,
  notedGroups,
  noteGroupsOf,
} from './cache.ts';
import { createListener } from './db/listen.ts';
import type { AppDeps, Deps } from './deps.ts';
import { registerAuthentication, SAFE_METHODS } from './http/auth.ts';
import { frameworkErrors, registerErrorHandling } from './http/errors.ts';
import { registerOpenApi } from './http/openapi.ts';
import { pgRateLimitStore } from './http/rate-limit.ts';
import { registerSecurity } from './http/security.ts';
import { validatorCompiler } from './http/validation.ts';
import { registerWeb } from './http/web.ts';
import { outboxRoutes } from './mail/outbox-routes.ts';
import type { LiveToken } from './modules/accounts/access-tokens.ts';
import { accountRoutes } from './modules/accounts/routes.ts';
import type { LiveSession } from './modules/accounts/sessions.ts';
import { directoryRoutes } from './modules/directory/routes.ts';
import { inviteRoutes } from './modules/groups/invite-routes.ts';
import { memberRoutes } from './modules/groups/member-routes.ts';
import { groupRoutes } from './modules/groups/routes.ts';
import { healthRoutes } from './modules/health/routes.ts';
import { boardRoutes } from './modules/matching/board-routes.ts';
import { helperRoutes } from './modules/matching/helper-routes.ts';
import { matchingRoutes } from './modules/matching/routes.ts';
import { moderationRoutes } from './modules/moderation/routes.ts';
import { notificationRoutes } from './modules/notifications/routes.ts';
import { interactionRoutes } from './modules/posts/interaction-routes.ts';
import { photoRoutes } from './modules/posts/photo-routes.ts';
import { postRoutes } from './modules/posts/routes.ts';

/** Cached group pages kept at most (feed pages, boards, suggestions; least recently used go). */
const CACHE_ENTRIES = 2_000;
/** Signed-in sessions (and, apart, access tokens) kept at most (the oldest go first). */
const SESSION_ENTRIES = 20_000;
/** Readers' access to a group or a post kept at most (least recently used go). */
const ACCESS_ENTRIES = 20_000;

const SETTLED_CHANNEL = 'kindred_settled';

declare module 'fastify' {
  interface FastifyInstance {
    /** Resolves once every change committed so far has been heard by this instance (tests). */
    settled(): Promise<void>;
  }
}

/** SAFETY 21: X-Forwarded-For counts only when TRUST_PROXY says which proxies to believe. */
function trustProxy(setting: boolean | number | string[]) {
  if (typeof setting !== 'number') return setting;
  return (_address: string, hop: number) => hop < setting;
}

/** The Fastify instance with every plugin and route: used by main.ts and by the tests. */
export async function buildApp(deps: Deps) {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    trustProxy: trustProxy(deps.config.trustProxy),
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    frameworkErrors,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  const listener = createListener(deps.pool, deps.log);
  const cache = createGroupCache(listener, {
    ttlMs: deps.config.cacheSeconds * 1000,
    maxEntries: CACHE_ENTRIES,
  });
  const sessions = createSessionCache<LiveSession>(listener, {
    ttlMs: deps.config.cacheSeconds * 1000,
    maxEntries: SESSION_ENTRIES,
  });
  const accessTokens = createSessionCache<LiveToken>(listener, {
    ttlMs: deps.config.cacheSeconds * 1000,
    maxEntries: SESSION_ENTRIES,
  });
  const access = createAccessCache(listener, {
    ttlMs: deps.config.cacheSeconds * 1000,
    maxEntries: ACCESS_ENTRIES,
  });
  const appDeps: AppDeps = { ...deps, listener, cache, sessions, accessTokens, access };
  // A write's own groups, and what its writer may read, are dropped here before it replies (see
  // noteGroupsOf), so their next request never waits on the database's announcement.
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
    if (request.user) access.forgetPerson(request.user.id);
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

  await app.register(cookie);
  await app.register(rateLimit, { global: false, store: pgRateLimitStore(deps.pool) });
  registerSecurity(app, deps.config);
  registerAuthentication(app, appDeps);
  await registerOpenApi(app);

  await healthRoutes(app, deps);
  await accountRoutes(app, deps);
  await groupRoutes(app, deps);
  await memberRoutes(app, deps);
  await inviteRoutes(app, deps);
  await postRoutes(app, appDeps);
  await interactionRoutes(app, appDeps);
  await moderationRoutes(app, appDeps);
  await matchingRoutes(app, deps);
  await helperRoutes(app, deps);
  await boardRoutes(app, appDeps);
  await notificationRoutes(app, appDeps);
  await app.register(async (scope) => photoRoutes(scope, deps));
  await directoryRoutes(app, deps);
  if (!deps.config.isProduction) await app.register(async (scope) => outboxRoutes(scope, deps));

  await registerWeb(app, deps.webRoot);
  return app;
}
