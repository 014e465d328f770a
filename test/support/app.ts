import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { InjectOptions } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import webpush from 'web-push';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createDb, createPool } from '../../server/db/client.ts';
import type { Deps } from '../../server/deps.ts';
import { jobHandlers } from '../../server/jobs/handlers.ts';
import { createJobs } from '../../server/jobs/queue.ts';
import { createLogger } from '../../server/log.ts';
import { createMailer, queueEmail } from '../../server/mail/mailer.ts';
import { webRoot } from '../../server/web-build.ts';

export const ORIGIN = 'http://localhost:3000';

/** A fresh database for one test file, cloned from the migrated template. Returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const adminUrl = inject('adminUrl');
  const template = inject('templateDatabase');
  const name = `${template.replace('kindred_tpl_', 'kindred_test_')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.href;
}

/** An empty database (no migrations), for tests of the migrations themselves. Returns its URL. */
export async function createEmptyDatabase(): Promise<string> {
  const adminUrl = inject('adminUrl');
  const name = `${inject('templateDatabase').replace('kindred_tpl_', 'kindred_test_')}_empty_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.href;
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * The real app over a real database, for `app.inject`. Settings come from `env` as they
 * would from the environment; every log line is kept in `logs` for tests that read them.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  beforeReady?: (app: Awaited<ReturnType<typeof buildApp>>, deps: Deps) => void,
) {
  // A second instance on the same database is given its URL; otherwise a database of its own.
  const databaseUrl = env.DATABASE_URL ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: ORIGIN,
    LOG_LEVEL: 'info',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    DATABASE_URL: databaseUrl,
    ...env,
  });
  const logs: string[] = [];
  const log = createLogger(
    config,
    new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  );
  const pool = createPool(databaseUrl, 5);
  const db = createDb(pool);
  const jobs = createJobs({ pool, log });
  const deps: Deps = {
    config,
    db,
    pool,
    secret: config.sessionSecret!,
    mailer: createMailer({ config, db, log }),
    vapid: { ...webpush.generateVAPIDKeys(), subject: config.vapidSubject },
    jobs,
    log,
    lifecycle: { isShuttingDown: false },
    webRoot,
  };
  const app = await buildApp(deps);
  /** Waits until the app has heard every change written so far (factories call it). */
  const settled = () => app.settled();
  Object.assign(deps, { settled });
  beforeReady?.(app, deps);
  await app.ready();
  await jobs.start(jobHandlers(deps));

  /** `app.inject` with our own Origin on writes, as a browser on our pages would send. */
  const request = (options: InjectOptions & { cookie?: string }) => {
    const { cookie, headers, ...rest } = options;
    const method = (options.method ?? 'GET').toUpperCase();
    return app.inject({
      ...rest,
      headers: {
        ...(method === 'GET' || method === 'HEAD' ? {} : { origin: ORIGIN }),
        ...(cookie ? { cookie } : {}),
        ...headers,
      },
    });
  };

  /**
   * Resolves once every email queued so far has left: a marker goes through the same queue, and
   * once it is sent, nothing queued before it is waiting. Use it before asserting that an email
   * was not sent, instead of sleeping.
   */
  const mailSettled = async () => {
    const marker = `marker-${randomBytes(5).toString('hex')}@example.org`;
    await db.transaction((tx) =>
      queueEmail(deps, tx, { to: marker, subject: 'marker', text: 'marker', html: 'marker' }),
    );
    for (const deadline = Date.now() + 15_000; ; ) {
      // The marker was queued last: when nothing is waiting, it and all before it have left.
      const { rows } = await pool.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pgboss.job
         WHERE name = 'email' AND state IN ('created', 'retry', 'active')`,
      );
      if (rows[0]!.waiting === 0) return;
      if (Date.now() > deadline) throw new Error('emails are still waiting to be sent');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  /** Every email in the development outbox (no SMTP_URL), once those queued so far have left. */
  const outbox = async () => {
    await mailSettled();
    const response = await request({ url: '/dev/outbox.json' });
    return response.json() as Array<{ to: string; subject: string; text: string }>;
  };

  return {
    app,
    mailSettled,
    outbox,
    deps: deps as Deps & { settled: typeof settled },
    db,
    pool,
    logs,
    request,
    settled,
    jobs,
    async close() {
      await app.close();
      await jobs.stop();
      deps.mailer.close();
      await pool.end();
    },
  };
}

/**
 * `createTestApp` for a whole test file: started before its tests, closed after them (whatever
 * failed). Use the returned handle inside tests and hooks; it throws if used before the start.
 * Hooks run in the order they are registered (and after-hooks in reverse), so register what the
 * app needs first.
 */
export function useTestApp(
  env: Record<string, string> | (() => Record<string, string>) = {},
  beforeReady?: Parameters<typeof createTestApp>[1],
): TestApp {
  let current: TestApp | undefined;
  beforeAll(async () => {
    // A function is read when the app starts: after the file's earlier beforeAll hooks (a mail
    // server or a geocoder started there).
    current = await createTestApp(typeof env === 'function' ? env() : env, beforeReady);
  });
  afterAll(async () => {
    await current?.close();
    current = undefined;
  });
  return new Proxy({} as TestApp, {
    get(_target, key) {
      if (!current) throw new Error('useTestApp: the app starts in beforeAll; use it in tests');
      return current[key as keyof TestApp];
    },
  });
}
