// Side effects leave through the job queue: enqueued in the command's transaction, run once.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestDatabase, type TestApp } from '../../test/support/app.ts';
import { uniqueEmail } from '../../test/support/factories.ts';
import { childEnv, startKindred, tempDataDir } from '../../test/support/process.ts';
import { startSmtp } from '../../test/support/smtp.ts';
import { freePort } from '../db/embedded.ts';
import { queueEmail } from '../mail/mailer.ts';
import { jobHandlers } from './handlers.ts';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(() => smtp.close());

const mailTo = (to: string, subject = 'A note from Kindred') => ({
  to,
  subject,
  text: 'Hello',
  html: '<p>Hello</p>',
});

/** Sends a marker through the same queue and waits for it: whatever was sent before it has arrived. */
async function drain(t: TestApp) {
  const marker = uniqueEmail('marker');
  await t.db.transaction((tx) => queueEmail(t.deps, tx, mailTo(marker)));
  await smtp.waitFor(marker);
}

describe('an email queued by a command', () => {
  it('is sent once when the command commits, and never when it rolls back', async () => {
    const t = await createTestApp({ SMTP_URL: smtp.url });
    try {
      const kept = uniqueEmail('kept');
      const dropped = uniqueEmail('dropped');
      await t.db.transaction((tx) => queueEmail(t.deps, tx, mailTo(kept)));
      await expect(
        t.db.transaction(async (tx) => {
          await queueEmail(t.deps, tx, mailTo(dropped));
          throw new Error('the command failed after queueing');
        }),
      ).rejects.toThrow('the command failed');
      await smtp.waitFor(kept);
      await drain(t);
      expect(smtp.received.filter((m) => m.to === kept)).toHaveLength(1);
      expect(smtp.received.filter((m) => m.to === dropped)).toHaveLength(0);
    } finally {
      await t.close();
    }
  });

  it('is sealed while it waits: the queue holds neither the address nor the link', async () => {
    const t = await createTestApp({ SMTP_URL: 'smtp://127.0.0.1:9' }); // nothing listens: it waits
    try {
      const to = uniqueEmail('sealed');
      const secretLink = `https://example.org/#token=${randomBytes(16).toString('hex')}`;
      await t.db.transaction((tx) =>
        queueEmail(t.deps, tx, { ...mailTo(to), text: secretLink, html: secretLink }),
      );
      const { rows } = await t.pool.query<{ data: unknown }>(
        "SELECT data FROM pgboss.job WHERE name = 'email'",
      );
      expect(rows.length).toBeGreaterThan(0);
      const stored = JSON.stringify(rows);
      expect(stored).not.toContain(to);
      expect(stored).not.toContain(secretLink);
    } finally {
      await t.close();
    }
  });
});

describe('two Kindred instances on one database', () => {
  it('run each job exactly once', async () => {
    const databaseUrl = await createTestDatabase();
    // Instances of one Kindred share its database and its secret.
    const secret = randomBytes(32).toString('hex');
    const env = { SMTP_URL: smtp.url, DATABASE_URL: databaseUrl, SESSION_SECRET: secret };
    const [a, b] = await Promise.all([createTestApp(env), createTestApp(env)]);
    try {
      const run = randomBytes(3).toString('hex');
      const sent: string[] = [];
      for (let i = 0; i < 30; i++) {
        const to = `twice-${run}-${i}@example.org`;
        sent.push(to);
        const from = i % 2 === 0 ? a : b;
        await from.db.transaction((tx) => queueEmail(from.deps, tx, mailTo(to)));
      }
      for (const to of sent) await smtp.waitFor(to);
      await drain(a);
      await drain(b);
      for (const to of sent) expect(smtp.received.filter((m) => m.to === to)).toHaveLength(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('a server killed after a commit and before the email is sent', () => {
  it('sends it, exactly once, after it is started again', async () => {
    // The mail server is away when the link is asked for: the job cannot send, and waits.
    const away = await freePort();
    const env = childEnv({
      DATABASE_URL: await createTestDatabase(),
      KINDRED_DATA_DIR: await tempDataDir(),
      SMTP_URL: `smtp://127.0.0.1:${away}`,
      LOG_LEVEL: 'error',
    });
    const port = await freePort();
    env.PORT = String(port);
    const link = (email: string) =>
      fetch(`http://127.0.0.1:${port}/api/v1/auth/sign-up`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, displayName: 'Kit' }),
      });
    const first = await startKindred(env, port);
    const email = uniqueEmail('killed');
    try {
      expect((await link(email)).status).toBe(202);
      // The job has tried once and failed; the server dies before it tries again.
      await expect.poll(() => first.output(), { timeout: 20_000 }).toContain('job failed');
    } finally {
      first.child.kill('SIGKILL');
      await first.exited;
    }

    const mail = await startSmtp({ port: away });
    const second = await startKindred(env, port);
    try {
      await mail.waitFor(email);
      const marker = uniqueEmail('after');
      expect((await link(marker)).status).toBe(202);
      await mail.waitFor(marker);
      expect(mail.received.filter((m) => m.to === email)).toHaveLength(1);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
      await mail.close();
    }
  });
});

describe('housekeeping', () => {
  it('is scheduled hourly, and a step that fails is logged and fails the job', async () => {
    const t = await createTestApp();
    try {
      const { rows } = await t.pool.query<{ name: string; cron: string }>(
        'SELECT name, cron FROM pgboss.schedule',
      );
      expect(rows).toContainEqual(expect.objectContaining({ name: 'housekeeping' }));
      const handlers = jobHandlers(t.deps);
      await handlers.housekeeping({});
      // One step breaks (its table is gone); the others still run, and the failure is loud.
      await t.pool.query('ALTER TABLE idempotency_keys RENAME TO idempotency_keys_gone');
      await expect(handlers.housekeeping({})).rejects.toThrow(
        'housekeeping failed: old idempotency keys',
      );
      expect(t.logs.join('\n')).toContain('housekeeping: old idempotency keys failed');
    } finally {
      await t.close();
    }
  });
});
