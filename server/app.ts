import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { registerCaches } from './cache/plugin.ts';
import type { AppDeps, Deps } from './deps.ts';
import { registerAuthentication } from './http/auth.ts';
import { frameworkErrors, registerErrorHandling } from './http/errors.ts';
import { registerOpenApi } from './http/openapi.ts';
import { pgRateLimitStore } from './http/rate-limit.ts';
import { registerSecurity } from './http/security.ts';
import { validatorCompiler } from './http/validation.ts';
import { registerWeb } from './http/web.ts';
import { outboxRoutes } from './mail/outbox-routes.ts';
import { accountRoutes } from './modules/accounts/routes.ts';
import { directoryRoutes } from './modules/directory/routes.ts';
import { inviteRoutes } from './modules/groups/invite-routes.ts';
import { memberRoutes } from './modules/groups/member-routes.ts';
import { groupRoutes } from './modules/groups/routes.ts';
import { healthRoutes } from './modules/health/routes.ts';
import { boardRoutes } from './modules/matching/board-routes.ts';
import { followUpRoutes } from './modules/matching/follow-up-routes.ts';
import { helperRoutes } from './modules/matching/helper-routes.ts';
import { matchingRoutes } from './modules/matching/routes.ts';
import { moderationRoutes } from './modules/moderation/routes.ts';
import { pushRoutes } from './modules/notifications/push-routes.ts';
import { notificationRoutes } from './modules/notifications/routes.ts';
import { notificationSettingsRoutes } from './modules/notifications/settings-routes.ts';
import { interactionRoutes } from './modules/posts/interaction-routes.ts';
import { photoRoutes } from './modules/posts/photo-routes.ts';
import { postRoutes } from './modules/posts/routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, by method and URL pattern. */
    routes(): ReadonlyArray<{ method: string; url: string }>;
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
  // Every route as registered, for tests that walk them all (the privacy walk).
  const routes: Array<{ method: string; url: string }> = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  app.decorate('routes', () => routes);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  // What is kept in memory, and the hooks that drop it on change (server/cache/plugin.ts).
  const caches = registerCaches(app, deps);
  const appDeps: AppDeps = { ...deps, ...caches };

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
  await notificationSettingsRoutes(app, deps);
  await pushRoutes(app, deps);
  await followUpRoutes(app, deps);
  await app.register(async (scope) => photoRoutes(scope, deps));
  await directoryRoutes(app, deps);
  if (!deps.config.isProduction) await app.register(async (scope) => outboxRoutes(scope, deps));

  await registerWeb(app, deps.webRoot);
  return app;
}
