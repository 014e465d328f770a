import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoSidewaysScroll, h1, screenshots, useStack } from './support.ts';

const stack = useStack();

/** Starts a group through the API, as the form would (the journeys below go through pages). */
async function apiGroup(page: Page, overrides: Record<string, unknown>) {
  const slug = `g-${Math.random().toString(36).slice(2, 10)}`;
  const response = await page.request.post(`${stack.baseUrl}/api/v1/groups`, {
    headers: { origin: stack.baseUrl },
    data: {
      template: 'neighbourhood',
      slug,
      name: `Group ${slug}`,
      centre: { latitude: 48.4284, longitude: -123.3656 },
      radiusKm: 3,
      categories: ['groceries'],
      exchangeMode: 'peer',
      visibility: 'public',
      joinPolicy: 'open',
      ...overrides,
    },
  });
  expect(response.status()).toBe(201);
  const group = (await response.json()) as { slug: string; name: string; visibility: string };
  if (group.visibility !== 'hidden') {
    // In the directory, as its creator would list it from its page.
    const listed = await page.request.post(`${stack.baseUrl}/api/v1/groups/${group.slug}/listing`, {
      headers: { origin: stack.baseUrl },
      data: {},
    });
    expect(listed.status()).toBe(200);
  }
  return group;
}

describe('starting a group', () => {
  it('starts from a template, finds the centre by place name and moves the pin on the map', async () => {
    const { page } = await stack.signedInPage({ width: 1280 });
    await page.goto(`${stack.baseUrl}/groups/new`);
    await h1(page, 'Start a group');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Start with “Neighbourhood mutual aid group”' }).click();
    // The template filled the rules and a join question; both stay editable.
    await expect.poll(() => page.getByLabel('Rules').inputValue()).toContain('Be kind');
    await expect
      .poll(() => page.getByLabel('Questions for people asking to join').inputValue())
      .toContain('Which neighbourhood');

    await page.getByLabel('Name', { exact: true }).fill('Fernwood Mutual Aid');
    expect(await page.getByLabel('Web address').inputValue()).toBe('fernwood-mutual-aid');
    await page.getByLabel('What the group does').fill('Groceries and lifts for Fernwood.');

    // Submitting without a centre says so, next to the area.
    await page.getByRole('button', { name: 'Start the group' }).click();
    await page.getByText('Choose the centre of the area: search a place above.').waitFor();

    await page.getByLabel('Search a place for the centre').fill('Victoria');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('button', { name: /^Victoria, Canada/ }).click();
    await page.getByText(/^Centre: 48\.43\d*, -123\.35\d*/).waitFor();
    const pin = page.getByRole('button', {
      name: 'Centre of the area: drag it, or use the arrow keys',
    });
    await pin.waitFor();
    await expectAccessible(page);

    // Drag the pin 120 px east: the centre moves east (a larger longitude).
    const box = (await pin.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 5 });
    await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect
      .poll(async () => {
        const text = await page.getByText(/^Centre: /).textContent();
        return Number(/, (-?[\d.]+)/.exec(text ?? '')?.[1]);
      })
      .toBeGreaterThan(-123.34);
    // The keyboard moves it too: north with the up arrow.
    const before = await page.getByText(/^Centre: /).textContent();
    await pin.focus();
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => page.getByText(/^Centre: /).textContent()).not.toBe(before);
    const latitude = (text: string | null) => Number(/^Centre: (-?[\d.]+)/.exec(text ?? '')?.[1]);
    expect(latitude(await page.getByText(/^Centre: /).textContent())).toBeGreaterThan(
      latitude(before),
    );
    await page.getByLabel('Radius in km').fill('2.5');
    await screenshots(page, 'group-new');

    await page.getByRole('button', { name: 'Start the group' }).click();
    await h1(page, 'Fernwood Mutual Aid');
    await page.getByRole('heading', { name: 'You are an admin of this group' }).waitFor();
    await page.getByText('Within 2.5 km of Victoria').waitFor();
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshots(page, 'group-page');

    // A new group is not in the public directory until its creator lists it.
    await page.getByText('This group is not in the public directory yet').waitFor();
    const search = async () =>
      (await (await page.request.get(`${stack.baseUrl}/api/v1/groups?q=Fernwood%20Mutual`)).json())
        .items.length;
    expect(await search()).toBe(0);
    await page.getByRole('button', { name: 'List it in the directory' }).click();
    await page
      .getByText('This group is in the public directory, where anyone can find it.')
      .waitFor();
    await expect.poll(search).toBe(1);
    await expectAccessible(page);

    // Admins change settings later; the home page lists the group.
    await page.getByRole('link', { name: 'Settings' }).click();
    await h1(page, 'Settings: Fernwood Mutual Aid');
    await expectAccessible(page);
    await page.getByLabel('Phone line for people without internet').fill('+1 250 555 0100');
    await page.getByLabel('Website').fill('not a link');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Enter a web address starting with https://.').waitFor();
    await page.getByLabel('Website').fill('https://fernwood.example');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByRole('link', { name: 'Home' }).click();
    await page.getByRole('heading', { name: 'Your groups' }).waitFor();
    await page.getByRole('link', { name: 'Fernwood Mutual Aid' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Fernwood Mutual Aid' }).click();
    await page.getByRole('link', { name: '+1 250 555 0100' }).waitFor();

    const api = await page.request.get(`${stack.baseUrl}/api/v1/groups/fernwood-mutual-aid`);
    const group = await api.json();
    expect(group.centre.longitude).toBeGreaterThan(-123.34);
    expect(group.radiusKm).toBe(2.5);
    expect(group.joinPolicy).toBe('approval');

    // A taken address is refused next to the field.
    await page.goto(`${stack.baseUrl}/groups/new`);
    await page.getByRole('button', { name: 'Start with “Neighbourhood mutual aid group”' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Fernwood Mutual Aid');
    await page.getByLabel('Search a place for the centre').fill('Victoria');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('button', { name: /^Victoria, Canada/ }).click();
    await page.getByRole('button', { name: 'Start the group' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'That web address is taken. Please choose another.' })
      .waitFor();
    expect(await page.getByLabel('Web address').getAttribute('aria-invalid')).toBe('true');
  });
});

describe('invite links', () => {
  it('a moderator makes a link; someone else opens it and joins a hidden group', async () => {
    const owner = await stack.signedInPage({ width: 1280 });
    const group = await apiGroup(owner.page, {
      name: 'Maple Street pod',
      visibility: 'hidden',
      joinPolicy: 'invite',
    });
    await owner.page.goto(`${stack.baseUrl}/groups/${group.slug}`);
    await h1(owner.page, 'Maple Street pod');
    await owner.page.getByRole('link', { name: 'Invite links' }).click();
    await h1(owner.page, 'Invite links: Maple Street pod');
    await expectAccessible(owner.page);
    await owner.page.getByLabel('How many people can use it (1–10,000)').fill('2');
    await owner.page.getByRole('button', { name: 'Make the link' }).click();
    const link = await owner.page.getByLabel('Invite link', { exact: true }).inputValue();
    expect(link).toMatch(new RegExp(`^${stack.baseUrl}/invite#token=[A-Za-z0-9_-]{43}$`));
    await owner.page.getByText('Works until').waitFor();
    await screenshots(owner.page, 'group-invites');

    const guest = await stack.signedInPage({ width: 360 });
    await guest.page.goto(link);
    await h1(guest.page, 'You are invited to Maple Street pod');
    // The token leaves the address bar at once.
    expect(guest.page.url()).toBe(`${stack.baseUrl}/invite`);
    await expectAccessible(guest.page);
    await guest.page.getByRole('button', { name: 'Join Maple Street pod' }).click();
    await h1(guest.page, 'Maple Street pod');
    await guest.page.getByRole('heading', { name: 'You are a member of this group' }).waitFor();
    await expectAccessible(guest.page);

    // Someone without an account sees whose invite it is and is asked to sign in first.
    const stranger = await stack.newPage();
    await stranger.goto(link);
    await h1(stranger, 'You are invited to Maple Street pod');
    await stranger.getByText('Sign in or create an account').waitFor();
    // And without the link, the hidden group does not exist for them.
    await stranger.goto(`${stack.baseUrl}/groups/${group.slug}`);
    await h1(stranger, 'Page not found');
  });
});

describe('asking to join', () => {
  it('a request with answers waits; a moderator in another browser approves it', async () => {
    const owner = await stack.signedInPage({ width: 1280, name: 'Olu the organiser' });
    const group = await apiGroup(owner.page, {
      name: 'Oaklands Mutual Aid',
      joinPolicy: 'approval',
      joinQuestions: ['Which street do you live near?'],
    });
    const applicant = await stack.signedInPage({ width: 360, name: 'Amira Haddad' });
    await applicant.page.goto(`${stack.baseUrl}/groups/${group.slug}`);
    await h1(applicant.page, 'Oaklands Mutual Aid');
    await expectAccessible(applicant.page);
    await applicant.page.getByRole('button', { name: 'Send my request' }).click();
    await applicant.page.getByText('Please answer this question.').waitFor();
    await applicant.page.getByLabel('Which street do you live near?').fill('Haultain Street');
    await applicant.page.getByRole('button', { name: 'Send my request' }).click();
    await applicant.page.getByRole('heading', { name: 'Request sent' }).waitFor();
    await expectAccessible(applicant.page);
    await screenshots(applicant.page, 'group-pending');

    // The moderator hears of it, and the group's page says how many wait.
    await owner.page.goto(`${stack.baseUrl}/groups/${group.slug}`);
    await owner.page.getByRole('link', { name: 'Requests to join (1)' }).waitFor();
    await owner.page.getByRole('link', { name: /^Notifications/ }).click();
    await owner.page
      .getByRole('link', { name: 'Amira Haddad asked to join Oaklands Mutual Aid' })
      .click();
    await h1(owner.page, 'Members of Oaklands Mutual Aid');
    await owner.page.getByRole('button', { name: 'Requests to join (1)', pressed: true }).waitFor();
    const request = owner.page.getByRole('article', { name: 'Amira Haddad' });
    await request.getByText('Haultain Street').waitFor();
    await expectAccessible(owner.page);
    await screenshots(owner.page, 'group-requests');
    await request.getByRole('button', { name: 'Approve Amira Haddad' }).click();
    await owner.page.getByText('Amira Haddad is now a member.').waitFor();

    const mail = await stack.smtp.waitFor(applicant.email, 2);
    expect(mail.subject).toBe('An update about your request on Kindred');
    expect(mail.text).toContain('Oaklands Mutual Aid');

    await applicant.page.reload();
    await applicant.page.getByRole('heading', { name: 'You are a member of this group' }).waitFor();
    await owner.page.getByRole('button', { name: 'Members (2)' }).click();
    await owner.page.getByRole('article', { name: 'Amira Haddad' }).waitFor();
    // Compact rows: what a moderator can do with someone folds under their line.
    await owner.page.getByText('Manage Amira Haddad').click();
    await owner.page.getByRole('button', { name: "I checked Amira Haddad's ID" }).click();
    await owner.page.getByText("Recorded: you checked Amira Haddad's ID.").waitFor();
    await owner.page.getByLabel('Only people whose ID was checked').check();
    await owner.page
      .getByRole('article', { name: 'Amira Haddad' })
      .getByText('ID checked')
      .waitFor();
    await expect.poll(() => owner.page.getByRole('article').count()).toBe(1);
    await expectAccessible(owner.page);
    await screenshots(owner.page, 'members');
  });
});

describe('finding the nearest group', () => {
  it('by place name, as a list and on a map, without an account', async () => {
    const owner = await stack.signedInPage();
    await apiGroup(owner.page, {
      name: 'Saanich Neighbours',
      locationName: 'Saanich',
      areaNames: ['Gordon Head', 'Cadboro Bay'],
      centre: { latitude: 48.484, longitude: -123.381 },
    });
    await apiGroup(owner.page, {
      name: 'James Bay Helpers',
      locationName: 'James Bay',
      centre: { latitude: 48.4131, longitude: -123.3735 },
    });
    await apiGroup(owner.page, {
      name: 'Montréal Entraide',
      centre: { latitude: 45.5088, longitude: -73.5878 },
    });

    const page = await stack.newPage({ width: 360 });
    await page.goto(stack.baseUrl);
    await page.getByRole('link', { name: 'Find your nearest group' }).click();
    await h1(page, 'Find your nearest group');
    await expectAccessible(page);
    await page.getByLabel('Town, neighbourhood or group name').fill('Victoria');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('button', { name: /^Victoria, Canada/ }).click();
    await page.getByRole('heading', { name: 'Groups near Victoria, Canada' }).waitFor();
    await page.getByRole('link', { name: 'Montréal Entraide' }).waitFor();
    const names = await page.locator('.group-list h3').allTextContents();
    expect(names.indexOf('James Bay Helpers')).toBeLessThan(names.indexOf('Saanich Neighbours'));
    expect(names.indexOf('Saanich Neighbours')).toBeLessThan(names.indexOf('Montréal Entraide'));
    await page.getByText(/^3(\.\d)? km away · James Bay · Anyone can join$/).waitFor();
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);

    await page.getByRole('button', { name: 'Show on a map' }).click();
    await page.getByRole('region', { name: 'Map of groups' }).waitFor();
    await page.locator('.leaflet-interactive, .map-cluster').first().waitFor();
    await expectAccessible(page);
    await screenshots(page, 'groups-find');

    // Each place once: two Victorias of the Philippines read the same, so one stands for both.
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('button', { name: /^Victoria, Canada/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Victoria, Philippines' }).count()).toBe(1);

    // A neighbourhood only the group knows, offline; a postcode says what this Kindred needs.
    const search = page.getByLabel('Town, neighbourhood or group name');
    await search.fill('gordon he');
    await search.press('Enter');
    await page
      .getByRole('button', { name: 'Gordon Head · in the area of Saanich Neighbours' })
      .click();
    await page.getByRole('heading', { name: 'Groups near Gordon Head' }).waitFor();
    await expect
      .poll(async () => (await page.locator('.group-list h3').first().textContent())?.trim())
      .toBe('Saanich Neighbours');
    await search.fill('V8W 1P6');
    await search.press('Enter');
    await page.getByText(/^Postcodes and street addresses cannot be searched/).waitFor();
    await search.fill('James Bay Help');
    await search.press('Enter');
    await page.getByRole('button', { name: 'James Bay Helpers · a group in James Bay' }).waitFor();
    await expectNoSidewaysScroll(page);
    await screenshots(page, 'places-search');

    await page.getByRole('link', { name: 'James Bay Helpers' }).click();
    await h1(page, 'James Bay Helpers');
    await page.getByRole('link', { name: 'Sign in to join this group' }).waitFor();

    // By the browser's location: somewhere in Saanich.
    const located = await stack.newPage({ geolocation: { latitude: 48.49, longitude: -123.38 } });
    await located.goto(`${stack.baseUrl}/groups`);
    await h1(located, 'Find your nearest group');
    await located.getByRole('button', { name: 'Use my location' }).click();
    await located.getByRole('heading', { name: 'Groups near your location' }).waitFor();
    await located.getByRole('link', { name: 'Saanich Neighbours' }).waitFor();
    expect((await located.locator('.group-list h3').first().textContent())?.trim()).toBe(
      'Saanich Neighbours',
    );
  });
});

describe('importing groups', () => {
  it('imports a 3,000-row CSV with a few bad rows: a preview, progress, then the report', async () => {
    const admin = await stack.signedInPage({ width: 1280, isAdmin: true });

    const rows = ['name,description,location_name,latitude,longitude,website,email,external_id'];
    for (let i = 0; i < 3000; i++) {
      const lat = (50 + (i % 60) / 10).toFixed(4);
      const lng = (-5 + Math.floor(i / 60) / 10).toFixed(4);
      let row = `Import group ${i},Local help ${i},Town ${i},${lat},${lng},https://g${i}.example,,imp-${i}`;
      if (i === 10) row = `Bad latitude,,Nowhere,123,0,,,imp-${i}`;
      if (i === 500) row = `Bad link,,Somewhere,51,0,javascript:alert(1),,imp-${i}`;
      if (i === 2500) row = `,,No name,51,0,,,imp-${i}`;
      if (i === 2999) row = `Bad email,,Town,51,0,,not-an-email,imp-${i}`;
      rows.push(row);
    }
    const page = admin.page;
    await page.goto(`${stack.baseUrl}/groups/import`);
    await h1(page, 'Import groups');
    await expectAccessible(page);
    await page.getByLabel('File').setInputFiles({
      name: 'groups.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(rows.join('\n')),
    });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'Check before importing' }).waitFor();
    await page
      .getByText('3000 rows: 2996 new groups, 0 updates, 0 unchanged, 4 rows with problems')
      .waitFor();
    const table = page.getByRole('table', { name: '4 rows have problems' });
    const cells = await table.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) =>
        [...tr.querySelectorAll('td')]
          .map((td) => td.textContent)
          .slice(0, 2)
          .join(' '),
      ),
    );
    expect(cells).toEqual(['12 latitude', '502 website', '2502 name', '3001 email']);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Import 2996 groups' }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 60_000 });
    await page
      .getByText('3000 rows: 2996 groups added, 0 updated, 0 unchanged, 4 rows skipped.')
      .waitFor();
    await expectAccessible(page);
    await screenshots(page, 'groups-import');

    const found = await page.request.get(`${stack.baseUrl}/api/v1/groups?q=import%20group%201234`);
    expect((await found.json()).items).toHaveLength(1);

    // 3,000 groups on the map stay usable: they cluster.
    const map = await stack.newPage({ width: 1280 });
    await map.goto(`${stack.baseUrl}/groups?near=53.0,-2.0&place=England`);
    await map.getByRole('heading', { name: 'Groups near England' }).waitFor();
    await map.getByRole('button', { name: 'Show on a map' }).click();
    await map.locator('.leaflet-interactive').first().waitFor();
    // Zoomed out to the whole country, thousands of markers become a few clusters.
    for (let i = 0; i < 4; i++) {
      await map.getByRole('button', { name: 'Zoom out' }).click();
      await map.waitForTimeout(600);
    }
    await map
      .getByRole('button', { name: /^\d+ groups here: zoom in$/ })
      .first()
      .waitFor();
    const clusters = await map.locator('.map-cluster').count();
    expect(clusters).toBeGreaterThan(0);
    expect(clusters).toBeLessThan(200);
    await expectAccessible(map);
    await screenshots(map, 'groups-map-3000');
    await map
      .locator('.map')
      .screenshot({ path: 'test-results/screenshots/groups-map-3000-map.png' });

    // The same file again changes nothing.
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page
      .getByText('3000 rows: 0 new groups, 0 updates, 2996 unchanged, 4 rows with problems')
      .waitFor();
  });
});
