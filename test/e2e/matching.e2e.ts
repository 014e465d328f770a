import { describe, expect, it } from 'vitest';
import {
  expectAccessible,
  expectNoSidewaysScroll,
  h1,
  recordTraffic,
  screenshots,
  useStack,
} from './support.ts';

const stack = useStack();

describe('matching in a peer group', () => {
  it('asker, helper and moderator go from "I can help" to a thank-you; the address reaches only the helper', async () => {
    const asker = await stack.signedInPage({ width: 360, name: 'Asha Asker' });
    const helper = await stack.signedInPage({ width: 360, name: 'Hugo Helper' });
    const moderator = await stack.signedInPage({ width: 1280, name: 'Mona Moderator' });
    const bystander = await stack.signedInPage({ width: 360, name: 'Ben Bystander' });
    const headers = { origin: stack.baseUrl };
    const slug = `match-${Math.random().toString(36).slice(2, 8)}`;
    const group = await moderator.page.request.post(`${stack.baseUrl}/api/v1/groups`, {
      headers,
      data: {
        template: 'neighbourhood',
        slug,
        name: 'Oak Bay Mutual Aid',
        centre: { latitude: 48.4265, longitude: -123.3168 },
        radiusKm: 3,
        categories: ['groceries'],
        exchangeMode: 'peer',
        visibility: 'public',
        joinPolicy: 'open',
      },
    });
    expect(group.status()).toBe(201);
    for (const person of [asker, helper, bystander]) {
      const joined = await person.page.request.post(`${stack.baseUrl}/api/v1/groups/${slug}/join`, {
        headers,
        data: {},
      });
      expect(joined.status()).toBe(200);
    }
    const address = `${Math.random().toString(36).slice(2, 9)} Garden Terrace`;
    const trafficOf = {
      helperBefore: recordTraffic(helper.page),
      bystander: recordTraffic(bystander.page),
    };

    // The asker posts, with the address in the private details.
    await asker.page.goto(`${stack.baseUrl}/groups/${slug}/posts/new`);
    await h1(asker.page, 'Write a post in Oak Bay Mutual Aid');
    await asker.page.getByLabel('Title').fill('Groceries from the co-op');
    await asker.page.getByLabel('What kind of help').selectOption('groceries');
    await asker.page.getByRole('radio', { name: 'This week' }).check();
    await asker.page.getByLabel('Address').fill(address);
    await asker.page.getByLabel('Phone number').fill('+1 250 555 0199');
    // Long unbroken words, as people type them (a door code, an email address, a link).
    await asker.page
      .getByLabel('How to get in, or anything a helper should know')
      .fill('Buzzer-code-7391-then-wait-for-the-second-door-at-the-side-of-the-building');
    await asker.page
      .getByLabel('How you like to be contacted')
      .fill('asha.asker.prefers.texts.after.six@example-long-domain-name.org');
    await asker.page.getByRole('button', { name: 'Post my ask' }).click();
    await h1(asker.page, 'Groceries from the co-op');
    const postUrl = asker.page.url();

    // The helper says "I can help", and cannot see the address yet.
    await helper.page.goto(postUrl);
    await h1(helper.page, 'Groceries from the co-op');
    await helper.page.getByLabel('A note (optional)').fill('I drive past the co-op on Thursdays.');
    await helper.page.getByRole('button', { name: 'I can help' }).click();
    await helper.page
      .getByText('You offered. You will hear back when someone is chosen.')
      .waitFor();
    expect(await helper.page.content()).not.toContain(address);
    await trafficOf.helperBefore.received();
    expect(trafficOf.helperBefore.length).toBeGreaterThan(3);
    expect(trafficOf.helperBefore.some((body) => body.includes(address))).toBe(false);
    await expectAccessible(helper.page);

    // The bystander sees the post, not the address, and nothing to choose.
    await bystander.page.goto(postUrl);
    await h1(bystander.page, 'Groceries from the co-op');
    expect(await bystander.page.getByRole('button', { name: 'Choose Hugo Helper' }).count()).toBe(
      0,
    );

    // The asker's home page says someone has offered, before any match.
    await asker.page.goto(stack.baseUrl);
    await asker.page.getByRole('heading', { name: 'Your asks and helping' }).waitFor();
    await asker.page.getByText('1 neighbour offered to help: choose who helps').waitFor();
    await asker.page.getByRole('link', { name: 'Groceries from the co-op' }).click();
    await h1(asker.page, 'Groceries from the co-op');

    // The asker chooses the helper and lands on the match.
    await asker.page.reload();
    await asker.page
      .getByRole('article', { name: 'Hugo Helper' })
      .getByText('I drive past the co-op on Thursdays.')
      .waitFor();
    await expectAccessible(asker.page);
    // Before choosing, the asker is told what choosing shares.
    const choose = asker.page.getByRole('button', { name: 'Choose Hugo Helper' });
    const describedBy = await choose.getAttribute('aria-describedby');
    expect(await asker.page.locator(`[id="${describedBy}"]`).innerText()).toBe(
      'When you choose Hugo Helper, they will see your address and phone number from this ask, and you can message each other.',
    );
    await choose.click();
    await h1(asker.page, 'Match: Groceries from the co-op');
    await asker.page.getByText('Hugo Helper is helping Asha Asker.').waitFor();
    await expectAccessible(asker.page);
    await screenshots(asker.page, 'match-asker');
    const matchUrl = asker.page.url();

    // A bystander is told someone is helping, and not offered "I can help".
    await bystander.page.reload();
    await bystander.page
      .getByText('Someone is already helping with this. Thank you for looking.')
      .waitFor();
    expect(await bystander.page.getByRole('button', { name: 'I can help' }).count()).toBe(0);

    // The helper's open page hears about it live, then lists it.
    await helper.page.getByRole('link', { name: 'Notifications (1 new)' }).waitFor();
    await helper.page.getByRole('link', { name: 'Notifications (1 new)' }).click();
    await h1(helper.page, 'Notifications');
    await helper.page
      .getByRole('link', { name: 'Asha Asker chose you to help with “Groceries from the co-op”' })
      .waitFor();
    await expectAccessible(helper.page);

    // Now the helper sees the address, on the match page, from the home page.
    await helper.page.goto(stack.baseUrl);
    await helper.page.getByRole('heading', { name: 'Your asks and helping' }).waitFor();
    await helper.page.getByRole('link', { name: 'Groceries from the co-op' }).click();
    await h1(helper.page, 'Match: Groceries from the co-op');
    await helper.page.getByRole('button', { name: 'Show the private details' }).click();
    await helper.page.getByText(address).waitFor();
    await helper.page.getByText('+1 250 555 0199').waitFor();
    // On a 360 px phone the details stay inside the card: nothing scrolls sideways.
    await expectNoSidewaysScroll(helper.page);
    await helper.page.getByLabel('Your message').fill('I will bring them Thursday at 5.');
    await helper.page.getByRole('button', { name: 'Send' }).click();
    await helper.page
      .getByRole('article', { name: 'Hugo Helper' })
      .getByText('I will bring them Thursday at 5.')
      .waitFor();
    await expectAccessible(helper.page);
    await screenshots(helper.page, 'match-helper');

    // The moderator reads the thread, and sees that they are seen.
    await moderator.page.goto(matchUrl);
    await h1(moderator.page, 'Match: Groceries from the co-op');
    await moderator.page.getByText('You see this as a moderator of the group.').waitFor();
    await moderator.page.getByText('I will bring them Thursday at 5.').waitFor();
    await expectAccessible(moderator.page);

    // Nothing to confirm until the helper says it is done.
    await asker.page.reload();
    await h1(asker.page, 'Match: Groceries from the co-op');
    expect(await asker.page.getByRole('button', { name: 'Confirm it happened' }).count()).toBe(0);

    // Done, then confirmed with thanks: the post closes and shows the thank-you.
    await helper.page.getByRole('button', { name: 'I have done it' }).click();
    await helper.page.getByText('Waiting for the person you helped to confirm.').waitFor();
    // The asker's notification says it in people's words, from her side.
    await asker.page.goto(`${stack.baseUrl}/notifications`);
    await asker.page
      .getByRole('link', {
        name: 'Hugo Helper says “Groceries from the co-op” is done. Please confirm it happened.',
      })
      .click();
    await h1(asker.page, 'Match: Groceries from the co-op');
    await asker.page
      .getByLabel('A thank-you (optional, shown on the post)')
      .fill('Thank you Hugo, you saved my week!');
    await asker.page.getByRole('button', { name: 'Confirm it happened' }).click();
    await asker.page.getByText('Done and confirmed. Thank you!').waitFor();
    await asker.page
      .getByRole('list')
      .getByText(/Asha Asker confirmed it/)
      .waitFor();

    await bystander.page.reload();
    await bystander.page.getByText('Thank you Hugo, you saved my week!').waitFor();
    await bystander.page.getByText('Done').first().waitFor();

    // The helper's access ended with the match.
    const afterwards = await helper.page.request.get(
      `${postUrl.replace('/posts/', '/api/v1/posts/')}/private`,
    );
    expect(afterwards.status()).toBe(404);

    // The bystander's pages and traffic never held the address; the helper's did only once chosen.
    await trafficOf.bystander.received();
    expect(await bystander.page.content()).not.toContain(address);
    expect(trafficOf.bystander.some((body) => body.includes(address))).toBe(false);
    expect(trafficOf.helperBefore.some((body) => body.includes(address))).toBe(true);
  });
});

describe('matching in a dispatch group', () => {
  it('a moderator assigns the helper; the asker cannot choose; the address reaches the helper only then', async () => {
    const asker = await stack.signedInPage({ width: 360, name: 'Dora Asker' });
    const helper = await stack.signedInPage({ width: 360, name: 'Dev Helper' });
    const moderator = await stack.signedInPage({ width: 1280, name: 'Disa Dispatcher' });
    const headers = { origin: stack.baseUrl };
    const slug = `dispatch-${Math.random().toString(36).slice(2, 8)}`;
    expect(
      (
        await moderator.page.request.post(`${stack.baseUrl}/api/v1/groups`, {
          headers,
          data: {
            template: 'neighbourhood',
            slug,
            name: 'James Bay Dispatch',
            centre: { latitude: 48.4131, longitude: -123.3735 },
            radiusKm: 2,
            categories: ['prescriptions'],
            exchangeMode: 'dispatch',
            visibility: 'public',
            joinPolicy: 'open',
          },
        })
      ).status(),
    ).toBe(201);
    for (const person of [asker, helper]) {
      await person.page.request.post(`${stack.baseUrl}/api/v1/groups/${slug}/join`, {
        headers,
        data: {},
      });
    }
    const address = `${Math.random().toString(36).slice(2, 9)} Harbour Row`;
    const post = await asker.page.request.post(`${stack.baseUrl}/api/v1/groups/${slug}/posts`, {
      headers,
      data: {
        kind: 'ask',
        title: 'Insulin from the pharmacy',
        category: 'prescriptions',
        urgency: 'today',
        private: { address },
      },
    });
    const postId = (await post.json()).id;
    const helperTraffic = recordTraffic(helper.page);

    await helper.page.goto(`${stack.baseUrl}/posts/${postId}`);
    await helper.page.getByRole('button', { name: 'I can help' }).click();
    await helper.page.getByText('You offered.', { exact: false }).waitFor();

    // In a dispatch group the asker sees the offers but does not choose.
    await asker.page.goto(`${stack.baseUrl}/posts/${postId}`);
    await h1(asker.page, 'Insulin from the pharmacy');
    await asker.page.getByRole('heading', { name: 'Helping with this' }).waitFor();
    await asker.page.waitForLoadState('networkidle');
    expect(await asker.page.getByRole('button', { name: /Choose|Assign/ }).count()).toBe(0);

    await moderator.page.goto(`${stack.baseUrl}/posts/${postId}`);
    await h1(moderator.page, 'Insulin from the pharmacy');
    // Before assigning, the moderator is told what it shares with the helper.
    const assign = moderator.page.getByRole('button', { name: 'Assign Dev Helper' });
    const assignHint = await assign.getAttribute('aria-describedby');
    expect(await moderator.page.locator(`[id="${assignHint}"]`).innerText()).toBe(
      'When you assign Dev Helper, they will see the address and phone number in this ask, and can message the person who asked.',
    );
    await assign.click();
    await h1(moderator.page, 'Match: Insulin from the pharmacy');
    await moderator.page.getByText('Dev Helper is helping Dora Asker.').waitFor();
    await expectAccessible(moderator.page);
    await helperTraffic.received();
    expect(helperTraffic.some((body) => body.includes(address))).toBe(false);

    await helper.page.goto(stack.baseUrl);
    await helper.page.getByRole('link', { name: 'Insulin from the pharmacy' }).click();
    await helper.page.getByRole('button', { name: 'Show the private details' }).click();
    await helper.page.getByText(address).waitFor();
    await expectAccessible(helper.page);

    // Through to the end: done, confirmed by the asker; then the helper's access is over.
    await helper.page.getByRole('button', { name: 'I have done it' }).click();
    await helper.page.getByText('Waiting for the person you helped to confirm.').waitFor();
    await asker.page.goto(stack.baseUrl);
    await asker.page.getByRole('link', { name: 'Insulin from the pharmacy' }).click();
    await h1(asker.page, 'Match: Insulin from the pharmacy');
    await asker.page.getByRole('button', { name: 'Confirm it happened' }).click();
    await asker.page.getByText('Done and confirmed. Thank you!').waitFor();
    await expectAccessible(asker.page);
    const privateUrl = `${stack.baseUrl}/api/v1/posts/${postId}/private`;
    expect((await helper.page.request.get(privateUrl)).status()).toBe(404);
    expect((await moderator.page.request.get(privateUrl)).status()).toBe(200);
  });
});

describe('the dispatch board', () => {
  it('a helper fills their profile; the moderator sees them suggested on the board and assigns in one click', async () => {
    const asker = await stack.signedInPage({ width: 360, name: 'Bo Asker' });
    const helper = await stack.signedInPage({ width: 360, name: 'Gia Helper' });
    const moderator = await stack.signedInPage({ width: 1280, name: 'Kit Coordinator' });
    const headers = { origin: stack.baseUrl };
    const slug = `board-${Math.random().toString(36).slice(2, 8)}`;
    await moderator.page.request.post(`${stack.baseUrl}/api/v1/groups`, {
      headers,
      data: {
        template: 'neighbourhood',
        slug,
        name: 'Fairfield Dispatch',
        centre: { latitude: 48.4168, longitude: -123.3534 },
        radiusKm: 2,
        categories: ['groceries', 'transport'],
        exchangeMode: 'dispatch',
        visibility: 'public',
        joinPolicy: 'open',
      },
    });
    for (const person of [asker, helper]) {
      await person.page.request.post(`${stack.baseUrl}/api/v1/groups/${slug}/join`, {
        headers,
        data: {},
      });
    }
    await asker.page.request.post(`${stack.baseUrl}/api/v1/groups/${slug}/posts`, {
      headers,
      data: { kind: 'ask', title: 'A lift to the clinic', category: 'transport', urgency: 'today' },
    });

    await helper.page.goto(`${stack.baseUrl}/groups/${slug}`);
    await helper.page.getByRole('link', { name: 'Your helper profile' }).click();
    await h1(helper.page, 'Your helper profile in Fairfield Dispatch');
    await helper.page.getByLabel('Transport and lifts').check();
    await helper.page.getByLabel('I have a car').check();
    await helper.page.getByLabel('Free right now?').selectOption('3');
    await helper.page.getByRole('button', { name: 'Save my helper profile' }).click();
    await helper.page.getByText('Saved.').waitFor();
    await expectAccessible(helper.page);

    await moderator.page.goto(`${stack.baseUrl}/groups/${slug}`);
    await moderator.page.getByRole('link', { name: 'Dispatch board' }).click();
    await h1(moderator.page, 'Dispatch board: Fairfield Dispatch');
    const card = moderator.page.getByRole('article', { name: 'A lift to the clinic' });
    await card.getByText('helps with this · free now · 0 active tasks').waitFor();
    await expectAccessible(moderator.page);
    await screenshots(moderator.page, 'board');
    await card.getByRole('button', { name: 'Assign Gia Helper' }).click();
    await moderator.page
      .getByRole('region', { name: /^Matched/ })
      .getByText('Gia Helper is helping.')
      .waitFor();
    // Focus follows the card into its new column, and the move is said.
    await expect
      .poll(() => moderator.page.evaluate(() => document.activeElement?.textContent))
      .toBe('A lift to the clinic');
    await moderator.page
      .getByRole('status')
      .getByText('Gia Helper is now helping with “A lift to the clinic”.')
      .waitFor();

    // Live: a new ask shows up on the open board without a reload.
    await asker.page.request.post(`${stack.baseUrl}/api/v1/groups/${slug}/posts`, {
      headers,
      data: { kind: 'ask', title: 'Milk and bread', category: 'groceries', urgency: 'this-week' },
    });
    await moderator.page
      .getByRole('article', { name: 'Milk and bread' })
      .waitFor({ timeout: 10_000 });
  });
});
