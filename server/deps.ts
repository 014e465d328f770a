import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { Caches } from './cache/plugin.ts';
import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import type { Jobs } from './jobs/queue.ts';
import type { Mailer } from './mail/mailer.ts';
import type { Vapid } from './push/vapid.ts';

/** What every module needs from the outside world, built once in main.ts (or by a test). */
export type Deps = {
  config: Config;
  db: Db;
  pool: pg.Pool;
  /** Keys the HMAC of every stored token: SESSION_SECRET, or one kept in the data folder. */
  secret: string;
  mailer: Mailer;
  /** The keys this server signs web pushes with (made in the data folder, or from settings). */
  vapid: Vapid;
  /** The job queue: commands enqueue in their transaction (`jobs.send(tx, …)`). */
  jobs: Jobs;
  log: FastifyBaseLogger;
  /** Flipped on SIGTERM so that /api/health turns unready while requests drain. */
  lifecycle: { isShuttingDown: boolean };
  /** Where the built web app lives. */
  webRoot: string;
};

/** What buildApp adds for the routes: the instance's LISTEN connection and its caches. */
export type AppDeps = Deps & Caches;
