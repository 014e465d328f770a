import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { AccessCache, GroupCache, SessionCache } from './cache.ts';
import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import type { Listener } from './db/listen.ts';
import type { Jobs } from './jobs/queue.ts';
import type { Mailer } from './mail/mailer.ts';
import type { LiveToken } from './modules/accounts/access-tokens.ts';
import type { LiveSession } from './modules/accounts/sessions.ts';

/** What every module needs from the outside world, built once in main.ts (or by a test). */
export type Deps = {
  config: Config;
  db: Db;
  pool: pg.Pool;
  /** Keys the HMAC of every stored token: SESSION_SECRET, or one kept in the data folder. */
  secret: string;
  mailer: Mailer;
  /** The job queue: commands enqueue in their transaction (`jobs.send(tx, …)`). */
  jobs: Jobs;
  log: FastifyBaseLogger;
  /** Flipped on SIGTERM so that /api/health turns unready while requests drain. */
  lifecycle: { isShuttingDown: boolean };
  /** Where the built web app lives. */
  webRoot: string;
};

/** What buildApp adds for the routes: the instance's LISTEN connection and its caches. */
export type AppDeps = Deps & {
  listener: Listener;
  cache: GroupCache;
  sessions: SessionCache<LiveSession>;
  accessTokens: SessionCache<LiveToken>;
  access: AccessCache;
};
