import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoSidewaysScroll, h1, screenshots, useStack } from './support.ts';

const stack = useStack();
const origin = () => ({ origin: stack.baseUrl });

/** A group with an asker and a helper, an ask, and the helper's response to it. */
async function responded() {
  const asker = await stack.signedInPage({ width: 360, name: 'Rosa Asker' });
  const helper = await stack.signedInPage({ width: 360, name: 'Tomás Helper' });
  const slug = `mail-${Math.random().toString(36).slice(2, 8)}`;
  const made = await asker.page.request.post(`${stack.baseUrl}/api/v1/groups`, {
    headers: origin(),
    data: {
      template: 'neighbourhood',
      slug,
      name: 'Oaklands Neighbours',
      centre: { latitude: 48.44, longitude: -123.34 },
      radiusKm: 2,
      categories: ['groceries'],
      areaNames: ['Oaklands'],
      exchangeMode: 'peer',
      visibility: 'public',
      joinPolicy: 'open',
    },
  });
  expect(made.status(), await made.text()).toBe(201);
  const joined = await helper.page.request.post(`${stack.baseUrl}/api/v1/groups/${slug}/join`, {
    headers: origin(),
    data: {},
  });
  expect(joined.ok()).toBe(true);
  const ask = await asker.page.request.post(`${stack.baseUrl}/api/v1/groups/${slug}/posts`, {
    headers: { ...origin(), 'idempotency-key': crypto.randomUUID() },
    data: {
      kind: 'ask',
      title: 'Heavy shopping from the market',
      category: 'groceries',
      urgency: 'this-week',
      private: { address: '9 Quiet Close', phone: null, accessNotes: null },
    },
  });
  expect(ask.status(), await ask.text()).toBe(201);
  const response = await helper.page.request.post(
    `${stack.baseUrl}/api/v1/posts/${(await ask.json()).id}/responses`,
    { headers: origin(), data: {} },
  );
  expect(response.status()).toBe(201);
  // The first email was the sign-in link; the second tells Rosa someone responded.
  const mail = await stack.smtp.waitFor(asker.email, 2);
  return { asker, helper, mail };
}

describe('email notifications, as people meet them', () => {
  it('an unsubscribe link asks first, stops one stream, and can be undone in settings', async () => {
    const { asker, mail } = await responded();
    expect(mail.subject).toBe('Someone responded to your post on Kindred');
    expect(mail.text).not.toContain('Heavy shopping');
    const link = /http:\/\/localhost:\d+\/unsubscribe\/[A-Za-z0-9_-]+/.exec(mail.text)![0];

    // Opened in another browser (a phone's mail app), not signed in: it only asks.
    const phone = await stack.newPage({ width: 360 });
    await phone.goto(link);
    await h1(phone, 'Stop these emails?');
    await expect
      .poll(() => phone.getByText('Stop emails about: Responses to my posts?').count())
      .toBe(1);
    await expectAccessible(phone);
    await expectNoSidewaysScroll(phone);
    await screenshots(phone, 'unsubscribe-ask');
    const before = await asker.page.request.get(`${stack.baseUrl}/api/v1/me/notification-settings`);
    expect((await before.json()).streams.responses.email).toBe(true);

    await phone.getByRole('button', { name: 'Stop these emails' }).click();
    await h1(phone, 'Done');
    await phone
      .getByText('Kindred will not email you about “Responses to my posts” any more.')
      .waitFor();
    await screenshots(phone, 'unsubscribe-done');

    // Rosa's settings, at a desk: the stream is off, with an undo.
    const { page } = asker;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${stack.baseUrl}/profile`);
    await page.getByRole('link', { name: 'Notifications by email and push' }).click();
    await h1(page, 'Notification settings');
    /** A stream's checkbox for one channel: each stream is a group of its channels. */
    const choice = (stream: string, channel: 'Email' | 'Push') =>
      page.getByRole('group', { name: stream }).getByRole('checkbox', { name: channel });
    const responses = choice('Responses to my posts', 'Email');
    expect(await choice('Responses to my posts', 'Push').isChecked()).toBe(true);
    expect(await responses.isChecked()).toBe(false);
    await page.getByText(/Responses to my posts: turned off on/).waitFor();
    await expectAccessible(page);
    await screenshots(page, 'notification-settings');
    await page.getByRole('button', { name: 'Turn back on' }).click();
    await expect.poll(() => responses.isChecked()).toBe(true);
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    // Turning a stream off by keyboard, and pausing, both survive a reload.
    const messages = choice('Messages', 'Email');
    await messages.focus();
    await page.keyboard.press('Space');
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.getByLabel('Pause email and push for').selectOption('7');
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByText(/Email and push are paused until/).waitFor();
    await page.reload();
    await h1(page, 'Notification settings');
    expect(await choice('Messages', 'Email').isChecked()).toBe(false);
    expect(await choice('Messages', 'Push').isChecked()).toBe(true);
    await page.getByText(/Email and push are paused until/).waitFor();
    await page.setViewportSize({ width: 360, height: 800 });
    await expectNoSidewaysScroll(page);
    await page.getByRole('button', { name: 'Start again' }).click();
    await page.getByLabel('Pause email and push for').waitFor();

    // The browser told the account its time zone, for quiet hours.
    const me = await (await page.request.get(`${stack.baseUrl}/api/v1/me`)).json();
    expect(me.timeZone).toBeTruthy();
  });

  it('says plainly when a "Did it happen?" link is no longer valid', async () => {
    const page = await stack.newPage({ width: 360 });
    await page.goto(`${stack.baseUrl}/did-it-happen/not-a-real-token?answer=yes`);
    await h1(page, 'This link is no longer valid');
    await page.getByRole('link', { name: 'Go to Kindred' }).waitFor();
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
  });

  it('says plainly when a link is no longer valid', async () => {
    const page = await stack.newPage({ width: 360 });
    await page.goto(`${stack.baseUrl}/unsubscribe/not-a-real-token`);
    await h1(page, 'This link is no longer valid');
    await page.getByRole('link', { name: 'Notification settings' }).waitFor();
    await expectAccessible(page);
  });
});

describe('push notifications, as a helper meets them', () => {
  it('are offered after a first response, reach this browser’s service worker, and can be turned off', async () => {
    const asker = await stack.signedInPage({ width: 360, name: 'Imogen Asker' });
    const helper = await stack.signedInPage({ width: 360, name: 'Kofi Helper' });
    const slug = `push-${Math.random().toString(36).slice(2, 8)}`;
    const made = await asker.page.request.post(`${stack.baseUrl}/api/v1/groups`, {
      headers: origin(),
      data: {
        template: 'neighbourhood',
        slug,
        name: 'Fairfield Neighbours',
        centre: { latitude: 48.42, longitude: -123.35 },
        radiusKm: 2,
        categories: ['groceries'],
        areaNames: ['Fairfield'],
        exchangeMode: 'peer',
        visibility: 'public',
        joinPolicy: 'open',
      },
    });
    expect(made.status(), await made.text()).toBe(201);
    await helper.page.request.post(`${stack.baseUrl}/api/v1/groups/${slug}/join`, {
      headers: origin(),
      data: {},
    });
    const title = 'Bread and milk from the corner shop';
    const ask = await asker.page.request.post(`${stack.baseUrl}/api/v1/groups/${slug}/posts`, {
      headers: { ...origin(), 'idempotency-key': crypto.randomUUID() },
      data: {
        kind: 'ask',
        title,
        category: 'groceries',
        urgency: 'this-week',
        private: { address: '3 Hushed Mews', phone: null, accessNotes: null },
      },
    });
    expect(ask.status(), await ask.text()).toBe(201);
    const askId = (await ask.json()).id as string;

    // The helper's browser allows notifications. Its push service is the local stand-in: a
    // browser offline cannot reach its own, so PushManager hands out the stand-in's
    // subscription (whose private keys only the stand-in holds). The service worker is real.
    const { page } = helper;
    const device = stack.push.newSubscription();
    await page.context().grantPermissions(['notifications'], { origin: stack.baseUrl });
    await page.context().addInitScript((subscription) => {
      const KEY = 'e2e.pushSubscribed';
      const made = () => ({
        endpoint: subscription.endpoint,
        expirationTime: null,
        options: { userVisibleOnly: true },
        toJSON: () => subscription,
        unsubscribe: async () => {
          localStorage.removeItem(KEY);
          return true;
        },
      });
      PushManager.prototype.getSubscription = async () =>
        (localStorage.getItem(KEY) ? made() : null) as unknown as PushSubscription;
      PushManager.prototype.subscribe = async (options) => {
        const key = options?.applicationServerKey as Uint8Array | undefined;
        if (!options?.userVisibleOnly || !key) throw new Error('subscribe needs a VAPID key');
        localStorage.setItem('e2e.serverKey', btoa(String.fromCharCode(...key)));
        localStorage.setItem(KEY, '1');
        return made() as unknown as PushSubscription;
      };
    }, device);

    // Not at a first visit.
    await page.goto(stack.baseUrl);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByText('Hear back even with Kindred closed?').count()).toBe(0);

    // After "I can help", it is offered.
    await page.goto(`${stack.baseUrl}/posts/${askId}`);
    await h1(page, title);
    await page.getByRole('button', { name: 'I can help' }).click();
    await page.getByText('You offered. You will hear back when someone is chosen.').waitFor();
    await page.getByRole('heading', { name: 'Hear back even with Kindred closed?' }).waitFor();
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshots(page, 'push-offer');
    await page.getByRole('button', { name: 'Turn on notifications' }).click();
    await page.getByText(/^Push is on\./).waitFor();
    const devices = await (
      await page.request.get(`${stack.baseUrl}/api/v1/me/push-subscriptions`)
    ).json();
    expect(devices.items).toMatchObject([{ label: 'Chrome · Linux', service: '127.0.0.1' }]);
    const { publicKey } = await (
      await page.request.get(`${stack.baseUrl}/api/v1/push/public-key`)
    ).json();
    const sentKey = await page.evaluate(() => localStorage.getItem('e2e.serverKey'));
    expect(Buffer.from(sentKey!, 'base64').toString('base64url')).toBe(publicKey);

    // The asker chooses Kofi: the server pushes, encrypted to this browser's keys.
    const responses = await (
      await asker.page.request.get(`${stack.baseUrl}/api/v1/posts/${askId}/responses`)
    ).json();
    const accepted = await asker.page.request.post(
      `${stack.baseUrl}/api/v1/responses/${responses.items[0].id}/accept`,
      { headers: origin(), data: {} },
    );
    expect(accepted.status()).toBe(201);
    const matchId = (await accepted.json()).id as string;
    const [received] = await stack.push.waitFor(device.endpoint);
    const payload = JSON.parse(received!.text);
    expect(payload).toMatchObject({
      title: 'There is news about a match on Kindred',
      url: `/matches/${matchId}`,
      lang: 'en',
    });
    for (const secret of [title, 'Imogen', '3 Hushed Mews']) {
      expect(received!.text).not.toContain(secret);
    }

    // The push service hands the message to the browser, and the real service worker shows it.
    // This headless Chromium cannot display notifications at all, so the display is the part
    // replaced: in the worker's own scope, showNotification records what it is given.
    const worker =
      page.context().serviceWorkers()[0] ?? (await page.context().waitForEvent('serviceworker'));
    expect(worker.url()).toBe(`${stack.baseUrl}/sw.js`);
    await worker.evaluate(() => {
      const scope = self as unknown as { shown: unknown[] };
      scope.shown = [];
      ServiceWorkerRegistration.prototype.showNotification = async (title, options) => {
        scope.shown.push({ title, ...options });
      };
    });
    const cdp = await page.context().newCDPSession(page);
    const registrationId = new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const mine = registrations.find(
          (r) => !r.isDeleted && r.scopeURL.startsWith(stack.baseUrl),
        );
        if (mine) resolve(mine.registrationId);
      });
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: stack.baseUrl,
      registrationId: await registrationId,
      data: received!.text,
    });
    const shown = () => worker.evaluate(() => (self as unknown as { shown: unknown[] }).shown);
    await expect.poll(shown, { timeout: 10_000 }).toEqual([
      {
        title: payload.title,
        body: payload.body,
        tag: payload.tag,
        renotify: true,
        icon: '/favicon.svg',
        badge: '/favicon.svg',
        lang: 'en',
        data: { url: `${stack.baseUrl}/matches/${matchId}` },
      },
    ]);

    // The settings say so, list the device, and turn it off here.
    await page.goto(`${stack.baseUrl}/settings/notifications`);
    await h1(page, 'Notification settings');
    await page.getByText('Push is on for this device', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Remove Chrome · Linux' }).waitFor();
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshots(page, 'push-settings');
    await page.getByRole('button', { name: 'Turn off push here' }).click();
    await page.getByText('Push is off for this device.').waitFor();
    await page.getByText('No device gets push yet.', { exact: false }).waitFor();
    const after = await (
      await page.request.get(`${stack.baseUrl}/api/v1/me/push-subscriptions`)
    ).json();
    expect(after.items).toEqual([]);
  });
});
