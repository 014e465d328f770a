import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoSidewaysScroll, h1, screenshots, useStack } from './support.ts';

const stack = useStack();

/** A peer group with the signed-in person as its first member, made through the API. */
async function groupOf(page: Page, name: string) {
  const slug = `phone-${Math.random().toString(36).slice(2, 8)}`;
  const created = await page.request.post(`${stack.baseUrl}/api/v1/groups`, {
    headers: { origin: stack.baseUrl },
    data: {
      template: 'neighbourhood',
      slug,
      name,
      centre: { latitude: 48.4295, longitude: -123.3425 },
      radiusKm: 3,
      categories: ['groceries', 'prescriptions', 'transport'],
      exchangeMode: 'peer',
      visibility: 'public',
      joinPolicy: 'open',
    },
  });
  expect(created.status()).toBe(201);
  return slug;
}

async function post(page: Page, slug: string, title: string) {
  const made = await page.request.post(`${stack.baseUrl}/api/v1/groups/${slug}/posts`, {
    headers: { origin: stack.baseUrl, 'idempotency-key': crypto.randomUUID() },
    data: {
      kind: 'ask',
      title,
      body: 'Any afternoon this week would be a great help.',
      category: 'groceries',
      urgency: 'this-week',
      locationName: 'Fernwood',
    },
  });
  expect(made.status()).toBe(201);
}

describe('phone first', () => {
  it('shows at least three posts in the first screen of a 360×740 phone', async () => {
    const { page } = await stack.signedInPage({ width: 360 });
    await page.setViewportSize({ width: 360, height: 740 });
    const slug = await groupOf(page, 'Fernwood and James Bay Mutual Aid');
    const titles = [
      'Groceries from the Co-op on Tuesday',
      'A lift to the Jubilee hospital',
      'Prescription pickup on Cook Street',
      'Someone to walk Biscuit on Friday',
      'Help carrying a sofa upstairs',
    ];
    for (const title of titles) await post(page, slug, title);

    await page.goto(`${stack.baseUrl}/groups/${slug}/posts`);
    await h1(page, 'Posts in Fernwood and James Bay Mutual Aid');
    await page.getByRole('link', { name: titles[4] }).waitFor();
    await page.screenshot({ path: 'test-results/screenshots/feed-first-screen-360.png' });
    // The main places are in a bar along the bottom edge of the screen…
    const bar = (await page.getByRole('navigation', { name: 'Main' }).boundingBox())!;
    expect(bar.y + bar.height).toBeCloseTo(740, 0);
    // …and at least three whole posts fit between the header and that bar.
    const third = (await page.locator('.post-list > li').nth(2).boundingBox())!;
    expect(third.y + third.height).toBeLessThanOrEqual(bar.y);
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshots(page, 'feed');
    await page.context().close();
  });

  it('asks for help from home in three screens, and Back from the new ask goes home', async () => {
    const { page } = await stack.signedInPage({ width: 360, name: 'Margaret' });
    const slug = await groupOf(page, 'Oaklands Neighbours');
    await page.goto(stack.baseUrl);
    await h1(page, 'Welcome, Margaret');
    await screenshots(page, 'home');
    const screens: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) screens.push(new URL(frame.url()).pathname);
    });

    // Tap 1: "Ask for help" on the home page; in one group, that is the form itself.
    await page.getByRole('link', { name: 'Ask for help' }).click();
    await h1(page, 'Write a post in Oaklands Neighbours');
    expect(await page.getByRole('radio', { name: /^Ask/ }).isChecked()).toBe(true);
    await page.getByLabel('Title').fill('Milk and bread, please');
    await page.getByLabel('What kind of help').selectOption('groceries');
    await page.getByRole('radio', { name: 'Today' }).check();
    // Tap 2: post it.
    await page.getByRole('button', { name: 'Post my ask' }).click();
    await h1(page, 'Milk and bread, please');
    // Home, the form, the new ask: nothing in between.
    expect(screens).toEqual([`/groups/${slug}/posts/new`, expect.stringMatching(/^\/posts\//)]);

    // Back leaves the ask for the page before the form, not for an empty form.
    await page.goBack();
    await h1(page, 'Welcome, Margaret');
    await page.context().close();
  });

  it('asks which group first for someone in two groups; at 1280 px the places are in the header', async () => {
    const { page } = await stack.signedInPage({ width: 1280, name: 'Kofi' });
    await groupOf(page, 'Saint-Roch Entraide');
    const second = await groupOf(page, 'Limoilou Solidarité');
    await page.goto(stack.baseUrl);
    await h1(page, 'Welcome, Kofi');
    // On a wide screen the same places sit in the header, not along the bottom.
    const bar = (await page.getByRole('navigation', { name: 'Main' }).boundingBox())!;
    expect(bar.y).toBeLessThan(100);
    await page.getByRole('link', { name: 'Offer help' }).click();
    await h1(page, 'Offer help');
    await page.getByText('Which group is this for?').waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Limoilou Solidarité' }).click();
    await h1(page, 'Write a post in Limoilou Solidarité');
    expect(new URL(page.url()).pathname).toBe(`/groups/${second}/posts/new`);
    expect(await page.getByRole('radio', { name: /^Offer/ }).isChecked()).toBe(true);
    await page.context().close();
  });

  it('writes dates in the reader’s own English: en-GB and en-US', async () => {
    for (const [locale, date] of [
      [
        'en-GB',
        '\\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \\d{4}, \\d{2}:\\d{2}',
      ],
      ['en-US', '[A-Z][a-z]+ \\d{1,2}, \\d{4}, \\d{1,2}:\\d{2}\\s[AP]M'],
    ] as const) {
      const { page } = await stack.signedInPage({ width: 1280, locale });
      const slug = await groupOf(page, `Dates ${locale}`);
      // An invite's expiry is a date and a time, shown to the group's moderators.
      await page.goto(`${stack.baseUrl}/groups/${slug}/invites`);
      await page.getByRole('button', { name: 'Make the link' }).click();
      const line = page.getByText(/^Works until /);
      await line.waitFor();
      expect(await line.innerText()).toMatch(new RegExp(`^Works until ${date}: used 0 of`));
      await page.context().close();
    }
  });
});
