import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/support/app.ts';
import {
  addMember,
  makeGroup,
  makePost,
  makeUser,
  signIn,
} from '../../../test/support/factories.ts';
import { type PushService, startPushService } from '../../../test/support/push-service.ts';
import { sendPush } from '../../push/send.ts';
import { deliverNotifications } from './delivery.ts';
import { ALLOWED_SUBJECTS } from './emails.ts';

let push: PushService;
beforeAll(async () => {
  push = await startPushService();
});
afterAll(() => push.close());
const t = useTestApp(() => ({ PUSH_SERVICE_HOSTS: push.host }));

const PRIVATE = {
  address: '4 Hiddenbrook Row',
  phone: '+1 250 555 0142',
  accessNotes: 'Ring twice, dog inside',
};
const TITLE = 'Prescription from the pharmacy for Ottoline';

async function scene(options: { urgency?: 'today' | 'this-week' } = {}) {
  const { group } = await makeGroup(t.deps);
  const asker = await makeUser(t.deps, { displayName: 'Ottoline Vance', locale: 'fr' });
  const helper = await makeUser(t.deps, { displayName: 'Reuben Helper' });
  for (const person of [asker, helper]) await addMember(t.deps, group, person);
  const ask = await makePost(t.deps, {
    group,
    author: asker,
    input: {
      title: TITLE,
      urgency: options.urgency ?? 'this-week',
      private: { ...PRIVATE, contactPreference: null, point: null },
    },
  });
  return {
    asker,
    helper,
    ask,
    cookies: { asker: await signIn(t.deps, asker), helper: await signIn(t.deps, helper) },
  };
}

const subscribe = (cookie: string, subscription: object) =>
  t.request({
    method: 'POST',
    url: '/api/v1/me/push-subscriptions',
    cookie,
    payload: subscription,
  });
const devicesOf = async (cookie: string) =>
  (await t.request({ url: '/api/v1/me/push-subscriptions', cookie })).json().items as Array<{
    id: string;
    service: string;
  }>;
const respond = (s: Awaited<ReturnType<typeof scene>>) =>
  t.request({
    method: 'POST',
    url: `/api/v1/posts/${s.ask.id}/responses`,
    cookie: s.cookies.helper,
    payload: { note: 'I pass the pharmacy on my way, Reuben' },
  });
/** Push jobs waiting or running for a device (the queue's own table). */
const queuedPushes = async (subscriptionId: string) =>
  (
    await t.pool.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM pgboss.job
       WHERE name = 'push' AND data->>'subscriptionId' = $1`,
      [subscriptionId],
    )
  ).rows[0]!.count;

describe('web push', () => {
  it('reaches the asker’s device encrypted, signed, and with only neutral words', async () => {
    const s = await scene();
    const device = push.newSubscription();
    const saved = await subscribe(s.cookies.asker, { ...device, label: 'Firefox on Linux' });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json()).toMatchObject({ label: 'Firefox on Linux', service: '127.0.0.1' });
    expect(saved.body).not.toContain(device.keys.p256dh);

    expect((await respond(s)).statusCode).toBe(201);
    const [received] = await push.waitFor(device.endpoint);
    const key = (await t.request({ url: '/api/v1/push/public-key' })).json().publicKey;
    expect(received!.vapidKey).toBe(key);
    expect(received!.claims.aud).toBe(`https://${push.host}`);
    expect(received!.claims.sub).toMatch(/^mailto:/);
    expect(received!.headers).toMatchObject({ ttl: '86400', urgency: 'normal' });
    const payload = JSON.parse(received!.text);
    // In the asker's language, the subject an email would have, and the post's page.
    expect(payload).toEqual({
      title: 'Quelqu’un a répondu à votre publication sur Kindred',
      body: 'Quelqu’un a répondu à l’une de vos publications. Ouvrez Kindred pour voir qui et lui répondre.',
      url: `/posts/${s.ask.id}`,
      tag: `responses-${s.ask.id.replaceAll('-', '')}`,
      lang: 'fr',
    });
    expect(ALLOWED_SUBJECTS.has(payload.title)).toBe(true);
    for (const secret of [TITLE, 'Reuben', 'Ottoline', 'pharmacy', ...Object.values(PRIVATE)]) {
      expect(received!.text).not.toContain(secret);
    }
    const { rows } = await t.pool.query(
      'SELECT pushed_at, emailed_at FROM notifications WHERE user_id = $1',
      [s.asker.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].pushed_at).not.toBeNull();
  });

  it('an urgent ask’s news is pushed at high urgency, with what it is about as its topic', async () => {
    const s = await scene({ urgency: 'today' });
    const device = push.newSubscription();
    expect((await subscribe(s.cookies.asker, device)).statusCode).toBe(201);
    expect((await respond(s)).statusCode).toBe(201);
    const [received] = await push.waitFor(device.endpoint);
    expect(received!.headers.urgency).toBe('high');
    expect(received!.headers.topic).toBe(s.ask.id.replaceAll('-', ''));
  });

  it('a device the push service says is gone (410) is removed, and gets nothing more', async () => {
    const s = await scene();
    const device = push.newSubscription();
    expect((await subscribe(s.cookies.asker, device)).statusCode).toBe(201);
    push.expire(device.endpoint);
    expect((await respond(s)).statusCode).toBe(201);
    await push.waitFor(device.endpoint);
    expect(push.rejected.find((r) => r.endpoint === device.endpoint)?.reason).toMatch(/expired/);
    await expect.poll(() => devicesOf(s.cookies.asker), { timeout: 15_000 }).toEqual([]);
    expect(push.pushesFor(device.endpoint)).toEqual([]);
  });

  it('push off for a stream sends no push there, while its email still goes', async () => {
    const s = await scene();
    const device = push.newSubscription();
    const saved = (await subscribe(s.cookies.asker, device)).json();
    const put = await t.request({
      method: 'PUT',
      url: '/api/v1/me/notification-settings',
      cookie: s.cookies.asker,
      payload: { streams: { responses: { push: false } } },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().streams.responses).toEqual({ email: true, push: false });
    expect(put.json().streams.matches).toEqual({ email: true, push: true });
    expect((await respond(s)).statusCode).toBe(201);
    await deliverNotifications(t.deps);
    const { rows } = await t.pool.query(
      'SELECT delivered_at, pushed_at, emailed_at FROM notifications WHERE user_id = $1',
      [s.asker.id],
    );
    expect(rows[0].delivered_at).not.toBeNull();
    expect(rows[0].emailed_at).not.toBeNull();
    expect(rows[0].pushed_at).toBeNull();
    expect(await queuedPushes(saved.id)).toBe(0);
  });

  it('a person with no device and email on gets the email only: no push job', async () => {
    const s = await scene();
    expect((await respond(s)).statusCode).toBe(201);
    await deliverNotifications(t.deps);
    const { rows } = await t.pool.query(
      'SELECT emailed_at, pushed_at FROM notifications WHERE user_id = $1',
      [s.asker.id],
    );
    expect(rows[0].emailed_at).not.toBeNull();
    expect(rows[0].pushed_at).toBeNull();
  });
});

describe('devices', () => {
  it('a malformed subscription is a 400 naming the field; signed out is a 401', async () => {
    const s = await scene();
    const good = push.newSubscription();
    const cases: Array<[object, string]> = [
      [{ ...good, endpoint: 'http://127.0.0.1/push/x' }, 'endpoint'],
      [{ ...good, endpoint: 'not a url' }, 'endpoint'],
      [{ ...good, endpoint: 'https://169.254.169.254/latest/meta-data' }, 'endpoint'],
      [{ ...good, keys: { ...good.keys, p256dh: 'short' } }, 'keys.p256dh'],
      [{ ...good, keys: { ...good.keys, auth: 'not base64url!!!!!!!!!' } }, 'keys.auth'],
      [{ endpoint: good.endpoint }, 'keys'],
    ];
    for (const [body, field] of cases) {
      const response = await subscribe(s.cookies.asker, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await devicesOf(s.cookies.asker)).toEqual([]);
    const anonymous = await t.request({
      method: 'POST',
      url: '/api/v1/me/push-subscriptions',
      payload: good,
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('lists my devices, removes one by id or by address, never another person’s', async () => {
    const s = await scene();
    const phone = push.newSubscription();
    const laptop = push.newSubscription();
    const onPhone = (await subscribe(s.cookies.asker, { ...phone, label: 'Phone' })).json();
    await subscribe(s.cookies.asker, { ...laptop, label: 'Laptop' });
    expect((await devicesOf(s.cookies.asker)).map((d) => d.id)).toHaveLength(2);

    const notMine = await t.request({
      method: 'DELETE',
      url: `/api/v1/me/push-subscriptions/${onPhone.id}`,
      cookie: s.cookies.helper,
    });
    expect(notMine.statusCode).toBe(404);
    const removed = await t.request({
      method: 'DELETE',
      url: `/api/v1/me/push-subscriptions/${onPhone.id}`,
      cookie: s.cookies.asker,
    });
    expect(removed.statusCode).toBe(204);
    const byAddress = await t.request({
      method: 'POST',
      url: '/api/v1/me/push-subscriptions/remove',
      cookie: s.cookies.asker,
      payload: { endpoint: laptop.endpoint },
    });
    expect(byAddress.statusCode).toBe(204);
    expect(await devicesOf(s.cookies.asker)).toEqual([]);
  });

  it('signing out everywhere stops push on every device', async () => {
    const s = await scene();
    await subscribe(s.cookies.asker, push.newSubscription());
    await subscribe(s.cookies.asker, push.newSubscription());
    await subscribe(s.cookies.helper, push.newSubscription());
    const out = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-out-everywhere',
      cookie: s.cookies.asker,
    });
    expect(out.statusCode).toBe(204);
    const { rows } = await t.pool.query(
      'SELECT user_id FROM push_subscriptions WHERE user_id = ANY ($1)',
      [[s.asker.id, s.helper.id]],
    );
    expect(rows).toEqual([{ user_id: s.helper.id }]);
  });

  it('a shared browser’s push belongs to whoever turned it on there last', async () => {
    const s = await scene();
    const shared = push.newSubscription();
    await subscribe(s.cookies.asker, shared);
    expect(await devicesOf(s.cookies.asker)).toHaveLength(1);
    expect((await subscribe(s.cookies.helper, shared)).statusCode).toBe(201);
    expect(await devicesOf(s.cookies.asker)).toEqual([]);
    expect(await devicesOf(s.cookies.helper)).toHaveLength(1);

    // The asker's news now reaches nobody's browser; the helper's reaches it.
    expect((await respond(s)).statusCode).toBe(201);
    await deliverNotifications(t.deps);
    expect(push.pushesFor(shared.endpoint)).toEqual([]);
  });
});

describe('sending to a push service', () => {
  it('a temporary refusal throws to be retried; another 4xx is refused without retry', async () => {
    const device = push.newSubscription();
    const target = { endpoint: device.endpoint, ...device.keys };
    const payload = { title: 'T', body: 'B', url: '/', tag: 'x', lang: 'en' };
    const options = { urgency: 'normal', topic: undefined } as const;
    try {
      push.answer(503);
      await expect(sendPush(t.deps.vapid, target, payload, options)).rejects.toThrow(/503/);
      push.answer(429);
      await expect(sendPush(t.deps.vapid, target, payload, options)).rejects.toThrow(/429/);
      push.answer(413);
      expect(await sendPush(t.deps.vapid, target, payload, options)).toEqual({
        outcome: 'refused',
        status: 413,
      });
    } finally {
      push.answer(null);
    }
    expect(await sendPush(t.deps.vapid, target, payload, options)).toEqual({ outcome: 'sent' });
    expect(JSON.parse(push.pushesFor(device.endpoint)[0]!.text)).toEqual(payload);
  });
});
