import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { fromDrizzle, type JobResult, PgBoss, type Queue } from 'pg-boss';
import type { TPushPayload } from '../../common/notifications.ts';
import type { Tx } from '../db/client.ts';
import { describeError } from '../log.ts';

/** pg-boss keeps its queue and schedules in this schema of Kindred's database. */
export const JOBS_SCHEMA = 'pgboss';

/** Every job Kindred runs, with what it carries. */
export type JobData = {
  /** One email, sealed (server/mail/seal.ts): the payload holds links and addresses. */
  email: { sealed: string };
  /**
   * One push to one device: its neutral words (no secret in them, so not sealed), how urgent,
   * and a topic so that a newer push replaces one not yet received.
   */
  push: {
    subscriptionId: string;
    payload: TPushPayload;
    urgency: 'normal' | 'high';
    topic?: string;
  };
  /** Hourly: expired sessions, rate-limit counters and idempotency keys, old private records. */
  housekeeping: Record<string, never>;
  /** Every few minutes: asks waiting unanswered past their group's threshold, to its moderators. */
  'unanswered-asks': Record<string, never>;
  /**
   * Notifications not yet delivered outside the app, turned into emails: woken as notifications
   * are made, and every minute for those held back (quiet hours, a thread emailed lately).
   */
  'deliver-notifications': Record<string, never>;
  /** Every 10 minutes: "Did it happen?", its moderators' alert, and "still on for this?". */
  'follow-ups': Record<string, never>;
  /** New asks not yet brought to the helpers who fit them: woken as asks are made, and every minute. */
  'ask-alerts': Record<string, never>;
};
export type JobName = keyof JobData;

/** How each queue retries, and how long a finished job is kept. */
const QUEUES: Record<JobName, Omit<Queue, 'name'>> = {
  email: {
    retryLimit: 12,
    retryDelay: 5,
    retryBackoff: true,
    retryDelayMax: 15 * 60,
    // A send that has not finished in this time is tried again (the process died mid-send).
    expireInSeconds: 120,
    // Sealed, but a sign-in link is in it: nothing is kept longer than needed.
    deleteAfterSeconds: 60 * 60,
    notify: true,
  },
  push: {
    // A push kept by the service for a day (its TTL) is worth retrying for a few hours at most.
    retryLimit: 8,
    retryDelay: 10,
    retryBackoff: true,
    retryDelayMax: 30 * 60,
    expireInSeconds: 60,
    deleteAfterSeconds: 60 * 60,
    notify: true,
  },
  housekeeping: {
    retryLimit: 2,
    retryDelay: 60,
    expireInSeconds: 15 * 60,
    deleteAfterSeconds: 7 * 24 * 60 * 60,
    notify: true,
  },
  'unanswered-asks': {
    // The next run, minutes later, does what a failed one did not: no retries to pile up.
    retryLimit: 0,
    expireInSeconds: 5 * 60,
    deleteAfterSeconds: 24 * 60 * 60,
    notify: true,
  },
  'follow-ups': {
    // The next run does what a failed one did not.
    retryLimit: 0,
    expireInSeconds: 5 * 60,
    deleteAfterSeconds: 24 * 60 * 60,
    notify: true,
  },
  'ask-alerts': {
    // Like delivery: at most one run waiting, whatever the number of wakes.
    policy: 'stately',
    retryLimit: 3,
    retryDelay: 5,
    expireInSeconds: 5 * 60,
    deleteAfterSeconds: 60 * 60,
    notify: true,
  },
  'deliver-notifications': {
    // At most one waiting and one running: a wake while a run works queues one more run, and
    // the hundredth wake of a busy second queues nothing.
    policy: 'stately',
    retryLimit: 3,
    retryDelay: 5,
    expireInSeconds: 5 * 60,
    deleteAfterSeconds: 60 * 60,
    notify: true,
  },
};

/** When each scheduled job runs (cron, UTC). */
const SCHEDULES: Array<{ name: JobName; cron: string }> = [
  { name: 'housekeeping', cron: '7 * * * *' },
  { name: 'unanswered-asks', cron: '*/10 * * * *' },
  { name: 'deliver-notifications', cron: '* * * * *' },
  { name: 'ask-alerts', cron: '* * * * *' },
  { name: 'follow-ups', cron: '*/10 * * * *' },
];

export type JobHandlers = { [N in JobName]: (data: JobData[N]) => Promise<void> };

export type Jobs = {
  /**
   * Enqueues a job in the transaction of the command that causes it: a rolled-back command
   * enqueues nothing, a committed one is never forgotten.
   */
  send<N extends JobName>(tx: Tx, name: N, data: JobData[N]): Promise<void>;
  /** `send` for many jobs of one queue in one statement. */
  sendMany<N extends JobName>(tx: Tx, name: N, data: JobData[N][]): Promise<void>;
  /**
   * Asks for a run of a job whose work is already recorded in the database (notifications
   * waiting for delivery): outside any transaction, since a lost wake only delays the work
   * until its schedule runs it.
   */
  wake(name: 'deliver-notifications' | 'ask-alerts'): Promise<void>;
};

export type JobRunner = Jobs & {
  /** Creates the queues, starts the workers and the schedules. */
  start(handlers: JobHandlers): Promise<void>;
  /** Stops taking jobs, lets running ones finish (up to `timeoutMs`), closes its connections. */
  stop(timeoutMs?: number): Promise<void>;
};

/**
 * Installs pg-boss's schema, or brings it up to this pg-boss's version: what `pg-boss` itself does
 * at start, done once by the migrations so that instances start without racing to do it.
 */
export async function installJobsSchema(pool: pg.Pool) {
  const boss = new PgBoss({
    connectionString: connectionStringOf(pool),
    schema: JOBS_SCHEMA,
    max: 1,
    supervise: false,
    schedule: false,
    registerInstance: false,
  });
  await boss.start();
  await boss.stop({ graceful: false, close: true });
}

/** The connection string a pool was made with, for pg-boss's own small pool. */
const connectionStringOf = (pool: pg.Pool) =>
  (pool as unknown as { options: { connectionString: string } }).options.connectionString;

/**
 * pg-boss over Kindred's database, with a pool of its own (so a burst of jobs never takes
 * connections from requests) and LISTEN/NOTIFY, so a job enqueued on any instance starts at once
 * on one of them. Jobs are fetched with SKIP LOCKED: each runs exactly once across instances.
 */
export function createJobs(options: { pool: pg.Pool; log: FastifyBaseLogger }): JobRunner {
  const { log } = options;
  const boss = new PgBoss({
    connectionString: connectionStringOf(options.pool),
    schema: JOBS_SCHEMA,
    max: 3,
    application_name: 'kindred-jobs',
    useListenNotify: true,
    // The schema is installed by the migrations (installJobsSchema), before any instance starts.
    migrate: false,
    createSchema: false,
  });
  boss.on('error', (error) => log.error({ error: describeError(error) }, 'job queue error'));
  boss.on('warning', (warning) => log.warn({ warning: warning.message }, 'job queue warning'));
  let isStarted = false;

  return {
    async send(tx, name, data) {
      await boss.send(name, data, { db: fromDrizzle(tx, sql) });
    },
    async sendMany(tx, name, data) {
      if (data.length === 0) return;
      await boss.insert(
        name,
        data.map((item) => ({ data: item })),
        { db: fromDrizzle(tx, sql) },
      );
    },
    async wake(name) {
      if (!isStarted) return;
      await boss.send(name, {});
    },
    async start(handlers) {
      await boss.start();
      isStarted = true;
      for (const [name, queue] of Object.entries(QUEUES)) {
        // A queue's policy is fixed when it is made; the rest follows this file.
        const { policy: _policy, ...settings } = queue;
        if (await boss.getQueue(name)) await boss.updateQueue(name, settings);
        else await boss.createQueue(name, queue);
      }
      for (const name of Object.keys(QUEUES) as JobName[]) {
        const handle = handlers[name] as (data: unknown) => Promise<void>;
        // Batches of up to 5, fetched again at once while they come back full (a burst of mail
        // after a busy minute); each job is settled on its own, so one failure retries only it.
        // A NOTIFY wakes an idle worker at once; one that arrives while it works is not kept,
        // so it looks again every 2 s as well.
        const options = {
          batchSize: 5,
          perJobResults: true,
          burstWhenBatchFull: true,
          localConcurrency: 2,
          pollingIntervalSeconds: 2,
          notifyPollingIntervalSeconds: 2,
        } as const;
        await boss.work<unknown, unknown, typeof options>(name, options, async (batch) => {
          const results: JobResult[] = [];
          for (const job of batch) {
            try {
              await handle(job.data);
              results.push({ id: job.id, status: 'completed' });
            } catch (error) {
              // Logged here, then left for pg-boss to retry: a failed job is never silent.
              const facts = describeError(error);
              log.error({ job: name, attempt: job.retryCount, error: facts }, 'job failed');
              results.push({ id: job.id, status: 'failed', output: { message: facts.message } });
            }
          }
          return results;
        });
      }
      for (const { name, cron } of SCHEDULES) await boss.schedule(name, cron, {});
    },
    async stop(timeoutMs = 10_000) {
      if (!isStarted) return;
      isStarted = false;
      await boss.stop({ graceful: true, timeout: timeoutMs, close: true });
    },
  };
}
