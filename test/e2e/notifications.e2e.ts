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
    await page.getByRole('link', { name: 'Notifications by email' }).click();
    await h1(page, 'Notifications by email');
    const responses = page.getByRole('checkbox', { name: 'Responses to my posts' });
    expect(await responses.isChecked()).toBe(false);
    await page.getByText(/Responses to my posts: turned off on/).waitFor();
    await expectAccessible(page);
    await screenshots(page, 'notification-settings');
    await page.getByRole('button', { name: 'Turn back on' }).click();
    await expect.poll(() => responses.isChecked()).toBe(true);
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    // Turning a stream off by keyboard, and pausing, both survive a reload.
    const messages = page.getByRole('checkbox', { name: 'Messages' });
    await messages.focus();
    await page.keyboard.press('Space');
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.getByLabel('Pause all email for').selectOption('7');
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByText(/Email is paused until/).waitFor();
    await page.reload();
    await h1(page, 'Notifications by email');
    expect(await page.getByRole('checkbox', { name: 'Messages' }).isChecked()).toBe(false);
    await page.getByText(/Email is paused until/).waitFor();
    await page.setViewportSize({ width: 360, height: 800 });
    await expectNoSidewaysScroll(page);
    await page.getByRole('button', { name: 'Send email again' }).click();
    await page.getByLabel('Pause all email for').waitFor();

    // The browser told the account its time zone, for quiet hours.
    const me = await (await page.request.get(`${stack.baseUrl}/api/v1/me`)).json();
    expect(me.timeZone).toBeTruthy();
  });

  it('says plainly when a link is no longer valid', async () => {
    const page = await stack.newPage({ width: 360 });
    await page.goto(`${stack.baseUrl}/unsubscribe/not-a-real-token`);
    await h1(page, 'This link is no longer valid');
    await page.getByRole('link', { name: 'Notification settings' }).waitFor();
    await expectAccessible(page);
  });
});
