import sharp from 'sharp';
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

describe('posts at 360 px', () => {
  it('posts an ask with a photo, an offer, info and a poll; a neighbour comments, reacts, votes, filters and shares', async () => {
    const asker = await stack.signedInPage({ width: 360, name: 'Asha Asker' });
    const slug = `posts-${Math.random().toString(36).slice(2, 8)}`;
    const created = await asker.page.request.post(`${stack.baseUrl}/api/v1/groups`, {
      headers: { origin: stack.baseUrl },
      data: {
        template: 'neighbourhood',
        slug,
        name: 'Fernwood Mutual Aid',
        centre: { latitude: 48.4295, longitude: -123.3425 },
        radiusKm: 3,
        categories: ['groceries', 'prescriptions', 'transport'],
        exchangeMode: 'peer',
        visibility: 'public',
        joinPolicy: 'open',
      },
    });
    expect(created.status()).toBe(201);
    const secretAddress = `${Math.random().toString(36).slice(2, 10)} Secret Lane`;
    const secretPhone = '+1 250 555 0187';
    const page = asker.page;

    // An ask with a photo and private details.
    await page.goto(`${stack.baseUrl}/groups/${slug}`);
    await page.getByRole('link', { name: 'See the posts' }).click();
    await h1(page, 'Posts in Fernwood Mutual Aid');
    await page.getByText('Nothing here yet').waitFor();
    await expectAccessible(page);
    // "Ask for help" opens the form with an ask chosen.
    await page.getByRole('link', { name: 'Ask for help' }).click();
    await h1(page, 'Write a post in Fernwood Mutual Aid');
    expect(await page.getByRole('radio', { name: /^Ask/ }).isChecked()).toBe(true);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Post my ask' }).click();
    await page.getByText('Give it a title of at least 3 characters.').waitFor();
    await page.getByLabel('Title').fill('Prescription pickup on Cook Street');
    // The title takes what the API takes, and says how much is left.
    expect(await page.getByLabel('Title').getAttribute('maxlength')).toBe('140');
    await page.getByText('34 of 140 characters').waitFor();
    await page
      .getByLabel('More details (optional)')
      .fill(
        'Ready after 2pm. Pharmacy hours: https://pharmacy.example/hours <script>alert(1)</script>',
      );
    await page.getByLabel('What kind of help').selectOption('prescriptions');
    await page.getByRole('radio', { name: 'Today' }).check();
    await page.getByLabel('Address').fill(secretAddress);
    await page.getByLabel('Phone number').fill(secretPhone);
    await page.getByLabel('Search a place').fill('Victoria');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('button', { name: /^Victoria, Canada/ }).click();
    await page.getByText('Chosen: Victoria').waitFor();
    const photo = await sharp({
      create: { width: 1200, height: 800, channels: 3, background: { r: 200, g: 80, b: 60 } },
    })
      .jpeg()
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 25/1 0/1' } })
      .toBuffer();
    // A file that is not a photo, whatever its name, is refused before anything is posted.
    await page.getByLabel('Photos (optional, up to 4)').setInputFiles({
      name: 'prescription.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('%PDF-1.7 not a photo at all'),
    });
    await page
      .getByText('prescription.jpg is not a JPEG, PNG or WebP photo. Choose another file.')
      .waitFor();
    await page
      .getByLabel('Photos (optional, up to 4)')
      .setInputFiles({ name: 'prescription.jpg', mimeType: 'image/jpeg', buffer: photo });
    await expect.poll(() => page.getByText('is not a JPEG, PNG or WebP photo').count()).toBe(0);
    await screenshots(page, 'post-new');
    await page.getByRole('button', { name: 'Post my ask' }).click();
    await h1(page, 'Prescription pickup on Cook Street');
    await page
      .getByRole('img', { name: 'Photo 1 for “Prescription pickup on Cook Street”' })
      .waitFor();
    // Text stays text: the link works, the script is words on the screen.
    await page.getByRole('link', { name: 'https://pharmacy.example/hours' }).waitFor();
    await page.getByText('<script>alert(1)</script>').waitFor();
    await page.getByRole('button', { name: 'Show the private details' }).click();
    await page.getByText(secretAddress).waitFor();
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshots(page, 'post-page');
    const askUrl = page.url();

    // An offer, an info post and a question with a poll.
    const write = async (
      kind: string,
      title: string,
      fill: () => Promise<void>,
      submit: string,
    ) => {
      await page.goto(`${stack.baseUrl}/groups/${slug}/posts/new`);
      await h1(page, 'Write a post in Fernwood Mutual Aid');
      await page.getByRole('radio', { name: new RegExp(`^${kind}`) }).check();
      await page.getByLabel('Title').fill(title);
      await fill();
      await page.getByRole('button', { name: submit }).click();
      await h1(page, title);
    };
    await write(
      'Offer',
      'Lifts to the clinic on Mondays',
      async () => {
        await page.getByLabel('What kind of help').selectOption('transport');
        await page.getByLabel('This is ongoing').check();
      },
      'Post my offer',
    );
    // A title with one long unbroken word (a link, a name run together) still fits a phone.
    await write(
      'Offer',
      'Spare-cot-and-highchair-for-anyone-visiting-family-in-Fernwood-this-winter',
      async () => {
        await page.getByLabel('What kind of help').selectOption('transport');
      },
      'Post my offer',
    );
    await expectNoSidewaysScroll(page);
    await write(
      'Local info',
      'Food bank open Saturday',
      async () => {
        await page.getByLabel('A link (optional)').fill('https://foodbank.example');
      },
      'Post the info',
    );
    // The author edits it; the post says it was edited.
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Title').fill('Food bank open Saturday morning');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await h1(page, 'Food bank open Saturday morning');
    await page.getByText(/· edited/).waitFor();
    await write(
      'Question',
      'Which evening for the next meeting?',
      async () => {
        await page.getByLabel('Option 1', { exact: true }).fill('Tuesday');
        await page.getByLabel('Option 2', { exact: true }).fill('Thursday');
      },
      'Post my question',
    );
    await expectAccessible(page);

    // A neighbour joins, comments, reacts and votes; nothing private reaches their browser.
    const neighbour = await stack.signedInPage({ width: 360, name: 'Noor Neighbour' });
    const traffic = recordTraffic(neighbour.page);
    const other = neighbour.page;
    await other.goto(`${stack.baseUrl}/groups/${slug}`);
    await other.getByRole('button', { name: 'Join', exact: true }).click();
    await other.getByRole('heading', { name: 'You are a member of this group' }).waitFor();
    await other.goto(askUrl);
    await h1(other, 'Prescription pickup on Cook Street');
    await other.getByLabel('Add a comment').fill('I can pick it up at 3pm.');
    await other.getByRole('button', { name: 'Send comment' }).click();
    await other
      .getByRole('article', { name: 'Noor Neighbour' })
      .getByText('I can pick it up at 3pm.')
      .waitFor();
    await other.getByRole('button', { name: 'Love: 0 reactions' }).click();
    // Said once, in the singular.
    await other.getByRole('button', { name: 'Love: 1 reaction', exact: true }).waitFor();
    await expect
      .poll(() => other.getByRole('button', { name: /^Love/ }).getAttribute('aria-pressed'))
      .toBe('true');
    await expect(
      other.getByRole('button', { name: 'Show the private details' }).count(),
    ).resolves.toBe(0);
    await expectAccessible(other);
    await screenshots(other, 'post-comment');

    await other.goto(`${stack.baseUrl}/groups/${slug}/posts`);
    await h1(other, 'Posts in Fernwood Mutual Aid');
    await other
      .getByRole('article', { name: 'Prescription pickup on Cook Street' })
      .getByText('1 comment · 1 reaction', { exact: true })
      .waitFor();
    await other.getByRole('link', { name: 'Which evening for the next meeting?' }).click();
    await other.getByRole('button', { name: 'Vote for Thursday' }).click();
    await other.getByText('1 vote').first().waitFor();
    await other.getByText('your vote').waitFor();

    // Filter and search the feed.
    await other.goto(`${stack.baseUrl}/groups/${slug}/posts`);
    // The filters are folded behind one control that says what they apply.
    await other.getByText('Filter and search', { exact: true }).waitFor();
    expect(await other.getByLabel('Kind').isVisible()).toBe(false);
    await other.getByText('Filter and search', { exact: true }).click();
    await other.getByLabel('Kind').selectOption('offer');
    await other.getByRole('button', { name: 'Show', exact: true }).click();
    await other.getByText('Showing: Offers', { exact: true }).waitFor();
    await other.getByRole('link', { name: 'Lifts to the clinic on Mondays' }).waitFor();
    // The two offers, and nothing else.
    await expect.poll(() => other.locator('.post-list > li').count()).toBe(2);
    await expectNoSidewaysScroll(other);
    await other.getByLabel('Kind').selectOption('');
    await other.getByLabel('Search the posts').fill('pharmacy');
    await other.getByRole('button', { name: 'Show', exact: true }).click();
    await expect.poll(() => other.locator('.post-list > li').count()).toBe(1);
    await other.getByRole('link', { name: 'Prescription pickup on Cook Street' }).waitFor();
    await other.getByLabel('Search the posts').fill('');
    await other.getByLabel('No response yet').check();
    await other.getByRole('button', { name: 'Show', exact: true }).click();
    await other.getByRole('link', { name: 'Food bank open Saturday' }).waitFor();
    await expect(
      other.getByRole('link', { name: 'Prescription pickup on Cook Street' }).count(),
    ).resolves.toBe(0);
    await expectAccessible(other);

    // Within a distance of me: only posts placed near the browser's location.
    await other.context().grantPermissions(['geolocation']);
    await other.context().setGeolocation({ latitude: 48.44, longitude: -123.36 });
    await other.getByLabel('No response yet').uncheck();
    await other.getByLabel('Distance from me').selectOption('5');
    await other.getByRole('button', { name: 'Show', exact: true }).click();
    await expect.poll(() => new URL(other.url()).searchParams.get('near')).toBe('48.440,-123.360');
    await other.getByRole('link', { name: 'Prescription pickup on Cook Street' }).waitFor();
    await expect.poll(() => other.locator('.post-list > li').count()).toBe(1);
    await other.getByLabel('Distance from me').selectOption('');
    await other.getByRole('button', { name: 'Show', exact: true }).click();
    await expect.poll(() => other.locator('.post-list > li').count()).toBe(5);

    // The plain-text list of open asks, to paste into a chat.
    await other.getByRole('button', { name: 'Make the list' }).click();
    const list = await other.getByLabel('Open asks as text').inputValue();
    expect(list).toContain('Prescription pickup on Cook Street');
    expect(list).not.toContain('Lifts to the clinic');
    await screenshots(other, 'post-feed');

    // Near me, across all my groups.
    await other.getByRole('link', { name: 'Near me' }).click();
    await h1(other, 'Asks and offers near me');
    await other.getByLabel('Near which place').fill('Victoria');
    await other.getByRole('button', { name: 'Search', exact: true }).click();
    await other.getByRole('button', { name: /^Victoria, Canada/ }).click();
    await other.getByRole('heading', { name: 'Near Victoria' }).waitFor();
    await other.getByRole('link', { name: 'Prescription pickup on Cook Street' }).waitFor();
    await expectAccessible(other);
    // The place is kept in the address: a reload (or the link, shared) shows the same list.
    await other.getByLabel('Within').selectOption('10');
    await expect.poll(() => new URL(other.url()).searchParams.get('within')).toBe('10');
    expect(new URL(other.url()).searchParams.get('place')).toBe('Victoria');
    await other.reload();
    await other.getByRole('heading', { name: 'Near Victoria' }).waitFor();
    await other.getByRole('link', { name: 'Prescription pickup on Cook Street' }).waitFor();
    expect(await other.getByLabel('Within').inputValue()).toBe('10');

    // SAFETY 2 in the browser: neither the pages nor the traffic held the private details.
    await traffic.received();
    const html = await other.content();
    for (const secret of [secretAddress, secretPhone]) {
      expect(html).not.toContain(secret);
      expect(traffic.some((body) => body.includes(secret))).toBe(false);
    }
    expect(traffic.length).toBeGreaterThan(10);
  });
});
