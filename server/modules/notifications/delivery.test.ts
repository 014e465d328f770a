import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, useTestApp } from '../../../test/support/app.ts';
import {
  addMember,
  makeGroup,
  makeMatch,
  makePost,
  makeUser,
  signIn,
  uniqueEmail,
} from '../../../test/support/factories.ts';
import { type ReceivedMail, startSmtp } from '../../../test/support/smtp.ts';
import { notifications, users } from '../../db/schema/index.ts';
import { deliverNotifications } from './delivery.ts';
import { ALLOWED_SUBJECTS } from './emails.ts';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  smtp = await startSmtp({ refuseTo: (address) => address.startsWith('bounce-') });
});
afterAll(() => smtp.close());
const secret = 'a'.repeat(64);
const t = useTestApp(() => ({ SMTP_URL: smtp.url, SESSION_SECRET: secret }));

/** Private values seeded into every ask of this file: none may reach an email. */
const PRIVATE = {
  address: '17 Secretwood Lane',
  phone: '+1 250 555 0199',
  accessNotes: 'Key under the blue pot',
};
const TITLE = 'Insulin pick-up for Marguerite';

async function scene(options: { urgency?: 'today' | 'this-week'; askerEmail?: string } = {}) {
  const { group } = await makeGroup(t.deps);
  const asker = await makeUser(t.deps, {
    displayName: 'Marguerite Quill',
    email: options.askerEmail ?? uniqueEmail('asker'),
  });
  const helper = await makeUser(t.deps, { displayName: 'Sam Helper', locale: 'fr' });
  for (const person of [asker, helper]) await addMember(t.deps, group, person);
  const ask = await makePost(t.deps, {
    group,
    author: asker,
    input: {
      title: TITLE,
      body: 'Please bring it to my door',
      urgency: options.urgency ?? 'this-week',
      private: { ...PRIVATE, contactPreference: null, point: null },
    },
  });
  return {
    group,
    asker,
    helper,
    ask,
    cookies: { asker: await signIn(t.deps, asker), helper: await signIn(t.deps, helper) },
  };
}

const respond = (s: Awaited<ReturnType<typeof scene>>) =>
  t.request({
    method: 'POST',
    url: `/api/v1/posts/${s.ask.id}/responses`,
    cookie: s.cookies.helper,
    payload: { note: 'I have a car, Sam' },
  });

const mailsTo = (to: string) => smtp.received.filter((mail) => mail.to === to);
/** A header of the message as received, unfolded (long headers continue on the next line). */
const header = (mail: ReceivedMail, name: string) => {
  const head = mail.text.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1]?.trim();
};

/** Waits until every notification of a person has been decided (sent, held or not due). */
async function decided(app: TestApp, userId: string) {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
    const { rows } = await app.pool.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM notifications
       WHERE user_id = $1 AND delivered_at IS NULL AND hold_until IS NULL`,
      [userId],
    );
    if (rows[0]!.waiting === 0) return app.mailSettled();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('notifications were never decided');
}

const settingsOf = async (cookie: string) =>
  (await t.request({ url: '/api/v1/me/notification-settings', cookie })).json();
const putSettings = (cookie: string, payload: Record<string, unknown>) =>
  t.request({ method: 'PUT', url: '/api/v1/me/notification-settings', cookie, payload });

describe('notification email', () => {
  it('tells the asker of a response: neutral subject, their language, one-click unsubscribe', async () => {
    const s = await scene();
    expect((await respond(s)).statusCode).toBe(201);
    const mail = await smtp.waitFor(s.asker.email);
    expect(mail.subject).toBe('Someone responded to your post on Kindred');
    expect(mail.text).toContain(`http://localhost:3000/posts/${s.ask.id}`);
    expect(header(mail, 'Content-Language')).toBe('en');
    expect(header(mail, 'List-Unsubscribe')).toMatch(
      /^<http:\/\/localhost:3000\/api\/v1\/unsubscribe\/[A-Za-z0-9_-]{43}>$/,
    );
    expect(header(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

    // The helper, chosen, hears it in French; the asker's own choice tells the asker nothing.
    const [response] = (
      await t.request({ url: `/api/v1/posts/${s.ask.id}/responses`, cookie: s.cookies.asker })
    ).json().items;
    const accepted = await t.request({
      method: 'POST',
      url: `/api/v1/responses/${response.id}/accept`,
      cookie: s.cookies.asker,
      payload: {},
    });
    expect(accepted.statusCode).toBe(201);
    const chosen = await smtp.waitFor(s.helper.email);
    expect(chosen.subject).toBe('Du nouveau sur une mise en relation Kindred');
    expect(chosen.text).toContain('Vous avez été choisi');
    expect(chosen.text).toContain(`/matches/${accepted.json().id}`);
    await decided(t, s.asker.id);
    expect(mailsTo(s.asker.email)).toHaveLength(1);
  });

  it('sends one email per thread in ten minutes while unread, saying how many', async () => {
    const s = await scene();
    const { match } = await makeMatch(t.deps, { post: s.ask, helper: s.helper });
    await decided(t, s.helper.id);
    const before = mailsTo(s.helper.email).length;
    const say = (body: string) =>
      t.request({
        method: 'POST',
        url: `/api/v1/matches/${match.id}/messages`,
        cookie: s.cookies.asker,
        payload: { body },
      });
    expect((await say('The door code is 4411')).statusCode).toBe(201);
    const first = await smtp.waitFor(s.helper.email, before + 1);
    expect(first.subject).toBe('Vous avez un nouveau message sur Kindred');
    expect(first.text).not.toContain('code is 4411');

    await say('Second message');
    await say('Third message');
    await decided(t, s.helper.id);
    expect(mailsTo(s.helper.email)).toHaveLength(before + 1); // held: the thread was just emailed

    // Eleven minutes later (the job's clock, given): one email for both.
    await deliverNotifications(t.deps, new Date(Date.now() + 11 * 60_000));
    await t.mailSettled();
    const second = mailsTo(s.helper.email)[before + 1]!;
    expect(second.subject).toBe('Vous avez de nouveaux messages sur Kindred');
    expect(second.text).toContain('2 nouveaux messages');
    expect(mailsTo(s.helper.email)).toHaveLength(before + 2);
  });

  it('sends nothing for a message read in the app before its email was due', async () => {
    const s = await scene();
    const { match } = await makeMatch(t.deps, { post: s.ask, helper: s.helper });
    const message = (body: string) =>
      t.request({
        method: 'POST',
        url: `/api/v1/matches/${match.id}/messages`,
        cookie: s.cookies.asker,
        payload: { body },
      });
    await message('One');
    await decided(t, s.helper.id);
    const before = mailsTo(s.helper.email).length;
    await message('Two');
    await decided(t, s.helper.id);
    const read = await t.request({
      method: 'POST',
      url: '/api/v1/notifications/read',
      cookie: s.cookies.helper,
      payload: {},
    });
    expect(read.statusCode).toBe(204);
    await deliverNotifications(t.deps, new Date(Date.now() + 11 * 60_000));
    await t.mailSettled();
    expect(mailsTo(s.helper.email)).toHaveLength(before);
  });

  it('holds non-urgent email through quiet hours and sends urgent at once', async () => {
    const s = await scene();
    // Quiet hours around the real time now, in UTC, so the running job holds too.
    const hour = new Date().getUTCHours();
    const quiet = { start: (hour + 23) % 24, end: (hour + 2) % 24 };
    const set = await putSettings(s.cookies.asker, { timeZone: 'UTC', quietHours: quiet });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ timeZone: 'UTC', quietHours: quiet });
    await respond(s);
    await decided(t, s.asker.id);
    expect(mailsTo(s.asker.email)).toHaveLength(0);
    const [held] = await t.db
      .select({ holdUntil: notifications.holdUntil })
      .from(notifications)
      .where(eq(notifications.userId, s.asker.id));
    expect(held!.holdUntil!.getUTCHours()).toBe(quiet.end);
    expect(held!.holdUntil!.getUTCMinutes()).toBe(0);

    // After the morning comes, it goes.
    await deliverNotifications(t.deps, new Date(held!.holdUntil!.getTime() + 60_000));
    await smtp.waitFor(s.asker.email);

    // An ask needed today is not held.
    const urgent = await scene({ urgency: 'today' });
    await putSettings(urgent.cookies.asker, { timeZone: 'UTC', quietHours: quiet });
    await respond(urgent);
    await smtp.waitFor(urgent.asker.email);
  });

  it('sends nothing while paused or with the stream turned off', async () => {
    const paused = await scene();
    const pause = await putSettings(paused.cookies.asker, { pauseDays: 3 });
    expect(Date.parse(pause.json().pausedUntil)).toBeGreaterThan(Date.now() + 2.9 * 86_400_000);
    await respond(paused);
    const off = await scene();
    const turnedOff = await putSettings(off.cookies.asker, {
      streams: { responses: { email: false } },
    });
    expect(turnedOff.json().streams.responses.email).toBe(false);
    expect(turnedOff.json().streams.matches.email).toBe(true);
    await respond(off);
    await decided(t, paused.asker.id);
    await decided(t, off.asker.id);
    expect(mailsTo(paused.asker.email)).toHaveLength(0);
    expect(mailsTo(off.asker.email)).toHaveLength(0);
    // In the app, both were told.
    const list = await t.request({ url: '/api/v1/notifications', cookie: off.cookies.asker });
    expect(list.json().unread).toBe(1);
  });

  it('unsubscribes by the one-click POST only; GET changes nothing; undo turns it on', async () => {
    const s = await scene();
    await respond(s);
    const mail = await smtp.waitFor(s.asker.email);
    const url = new URL(header(mail, 'List-Unsubscribe')!.slice(1, -1));
    const pageLink = /http:\/\/localhost:3000\/unsubscribe\/[A-Za-z0-9_-]{43}/.exec(mail.text)![0];
    expect(pageLink.split('/').pop()).toBe(url.pathname.split('/').pop());

    const look = await t.app.inject({ url: url.pathname });
    expect(look.statusCode).toBe(200);
    expect(look.json()).toEqual({ stream: 'responses', channel: 'email' });
    expect((await settingsOf(s.cookies.asker)).streams.responses.email).toBe(true);

    // As a mail client sends it: no cookie, no Origin, a form body.
    const oneClick = await t.app.inject({
      method: 'POST',
      url: url.pathname,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.statusCode).toBe(200);
    const again = await t.app.inject({
      method: 'POST',
      url: url.pathname,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(again.statusCode).toBe(200);
    const after = await settingsOf(s.cookies.asker);
    expect(after.streams.responses.email).toBe(false);
    expect(after.unsubscribes).toHaveLength(1); // logged once
    expect(after.unsubscribes[0]).toMatchObject({ stream: 'responses', channel: 'email' });

    const undo = await t.request({
      method: 'POST',
      url: `/api/v1/me/unsubscribes/${after.unsubscribes[0].id}/undo`,
      cookie: s.cookies.asker,
    });
    expect(undo.statusCode).toBe(200);
    expect(undo.json().streams.responses.email).toBe(true);
    expect(undo.json().unsubscribes).toHaveLength(0);

    // The token is never logged.
    expect(t.logs.join('\n')).not.toContain(url.pathname.split('/').pop());
  });

  it('answers every unknown unsubscribe token the same way, and changes nothing', async () => {
    const answers = await Promise.all(
      ['x', 'A'.repeat(43), 'not a token at all'].flatMap((token) => [
        t.app.inject({ url: `/api/v1/unsubscribe/${encodeURIComponent(token)}` }),
        t.app.inject({
          method: 'POST',
          url: `/api/v1/unsubscribe/${encodeURIComponent(token)}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'List-Unsubscribe=One-Click',
        }),
      ]),
    );
    for (const answer of answers) {
      expect(answer.statusCode).toBe(404);
      expect(answer.json().detail).toBe(answers[0]!.json().detail);
    }
  });

  it('refuses bad settings with the field named', async () => {
    const s = await scene();
    for (const [payload, field] of [
      [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ pauseDays: 1000 }, 'pauseDays'],
      [{ quietHours: { start: 9, end: 9 } }, 'quietHours.end'],
      [{ quietHours: { start: 25, end: 8 } }, 'quietHours.start'],
      [{ streams: { responses: { email: 'yes' } } }, 'streams.responses.email'],
    ] as const) {
      const answer = await putSettings(s.cookies.asker, payload);
      expect(answer.statusCode, JSON.stringify(payload)).toBe(400);
      expect(answer.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const unsigned = await t.request({ url: '/api/v1/me/notification-settings' });
    expect(unsigned.statusCode).toBe(401);
  });

  it('stops email to an address refused three times, and says so until the person retries', async () => {
    const s = await scene({ askerEmail: uniqueEmail('bounce-asker') });
    for (let i = 0; i < 3; i++) {
      const post = await makePost(t.deps, { group: s.group, author: s.asker });
      await t.request({
        method: 'POST',
        url: `/api/v1/posts/${post.id}/responses`,
        cookie: s.cookies.helper,
        payload: {},
      });
      await decided(t, s.asker.id);
    }
    expect(smtp.refused.filter((to) => to === s.asker.email)).toHaveLength(3);
    const me = await t.request({ url: '/api/v1/me', cookie: s.cookies.asker });
    expect(me.json().emailUndeliverable).toBe(true);
    await respond(s);
    await decided(t, s.asker.id);
    expect(smtp.refused.filter((to) => to === s.asker.email)).toHaveLength(3); // not tried

    const retry = await putSettings(s.cookies.asker, { retryEmail: true });
    expect(retry.json().emailUndeliverable).toBe(false);
    const [row] = await t.db
      .select({ failures: users.emailFailures })
      .from(users)
      .where(eq(users.id, s.asker.id));
    expect(row!.failures).toBe(0);
  });

  it('with two instances on one database, sends each notification once', async () => {
    const second = await createTestApp({
      SMTP_URL: smtp.url,
      SESSION_SECRET: secret,
      DATABASE_URL: t.deps.config.databaseUrl!,
    });
    try {
      const scenes = await Promise.all(Array.from({ length: 12 }, () => scene()));
      await Promise.all(scenes.map((s) => respond(s)));
      await Promise.all([
        deliverNotifications(t.deps),
        deliverNotifications(second.deps),
        deliverNotifications(t.deps),
      ]);
      for (const s of scenes) await decided(t, s.asker.id);
      await second.mailSettled();
      for (const s of scenes) expect(mailsTo(s.asker.email)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('never puts a title, a name, a note, a message or a private detail in any email (SAFETY 2, 8)', async () => {
    await t.mailSettled();
    const notificationMails = smtp.received.filter((mail) => header(mail, 'List-Unsubscribe'));
    expect(notificationMails.length).toBeGreaterThan(10);
    for (const mail of notificationMails) {
      expect(ALLOWED_SUBJECTS.has(mail.subject), mail.subject).toBe(true);
      for (const secretText of [
        ...Object.values(PRIVATE),
        TITLE,
        'Marguerite',
        'Sam Helper',
        'I have a car',
        'door code',
        'code is 4411',
        'Please bring it',
      ]) {
        expect(mail.text).not.toContain(secretText);
      }
    }
    const { rows } = await t.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notifications WHERE delivered_at IS NULL AND hold_until IS NULL`,
    );
    expect(rows[0]!.n).toBe(0);
  });
});
