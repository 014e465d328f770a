import { describe, expect, it } from 'vitest';
import { createTestApp, useTestApp } from '../../../test/support/app.ts';
import { addMember, makeGroup, makeUser, signIn } from '../../../test/support/factories.ts';

const t = useTestApp();

const validGroup = (overrides: Record<string, unknown> = {}) => ({
  template: 'neighbourhood',
  slug: `fernwood-${Math.random().toString(36).slice(2, 8)}`,
  name: 'Fernwood Mutual Aid',
  description: 'Neighbours helping neighbours in Fernwood.',
  rules: 'Be kind.',
  locationName: 'Fernwood, Victoria',
  centre: { latitude: 48.4295, longitude: -123.3425 },
  radiusKm: 2,
  phone: '+1 250 555 0100',
  languages: ['en', 'fr'],
  categories: ['groceries', 'prescriptions'],
  exchangeMode: 'peer',
  visibility: 'public',
  joinPolicy: 'approval',
  joinQuestions: ['Which street do you live near?'],
  ...overrides,
});

async function person() {
  const user = await makeUser(t.deps);
  return { user, cookie: await signIn(t.deps, user) };
}

describe('starting a group', () => {
  it('starts a group from a template, with its creator as its only admin', async () => {
    const me = await person();
    const body = validGroup();
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/groups',
      cookie: me.cookie,
      payload: body,
    });
    expect(response.statusCode).toBe(201);
    const group = response.json();
    expect(group).toMatchObject({
      slug: body.slug,
      kind: 'group',
      template: 'neighbourhood',
      name: 'Fernwood Mutual Aid',
      centre: { latitude: 48.4295, longitude: -123.3425 },
      radiusKm: 2,
      phone: '+1 250 555 0100',
      categories: ['groceries', 'prescriptions'],
      joinQuestions: ['Which street do you live near?'],
      myMembership: { status: 'active', role: 'admin' },
      memberCount: 1,
      canAdminister: true,
    });
    expect(group.links.web).toBe(`http://localhost:3000/groups/${body.slug}`);
  });

  it('needs a signed-in person (401)', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/groups',
      payload: validGroup(),
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('names each bad field (400): slug, centre, category, link', async () => {
    const me = await person();
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/groups',
      cookie: me.cookie,
      payload: validGroup({
        slug: 'Not A Slug!',
        centre: { latitude: 91, longitude: 0 },
        categories: ['groceries', 'jetskis'],
        website: 'javascript:alert(1)',
      }),
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['slug', 'centre.latitude', 'categories.1', 'website']),
    );
  });

  it('refuses a slug that is taken, or reserved, with 409 naming the field', async () => {
    const me = await person();
    const body = validGroup();
    expect(
      (await t.request({ method: 'POST', url: '/api/v1/groups', cookie: me.cookie, payload: body }))
        .statusCode,
    ).toBe(201);
    for (const slug of [body.slug, 'new']) {
      const again = await t.request({
        method: 'POST',
        url: '/api/v1/groups',
        cookie: me.cookie,
        payload: { ...body, slug },
      });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'slug-taken', errors: [{ field: 'slug' }] });
    }
  });

  it('nests: a pod needs a group, and only a network’s moderators add groups to it', async () => {
    const owner = await person();
    const network = await t.request({
      method: 'POST',
      url: '/api/v1/groups',
      cookie: owner.cookie,
      payload: validGroup({ template: 'network', joinPolicy: 'open' }),
    });
    expect(network.json().kind).toBe('network');

    const podAlone = await t.request({
      method: 'POST',
      url: '/api/v1/groups',
      cookie: owner.cookie,
      payload: validGroup({ template: 'pod', visibility: 'hidden', joinPolicy: 'invite' }),
    });
    expect(podAlone.statusCode).toBe(400);
    expect(podAlone.json().errors[0].field).toBe('parentSlug');

    const stranger = await person();
    await t.request({
      method: 'POST',
      url: `/api/v1/groups/${network.json().slug}/join`,
      cookie: stranger.cookie,
      payload: {},
    });
    const notModerator = await t.request({
      method: 'POST',
      url: '/api/v1/groups',
      cookie: stranger.cookie,
      payload: validGroup({ parentSlug: network.json().slug }),
    });
    expect(notModerator.statusCode).toBe(403);

    const local = await t.request({
      method: 'POST',
      url: '/api/v1/groups',
      cookie: owner.cookie,
      payload: validGroup({ parentSlug: network.json().slug, joinPolicy: 'open' }),
    });
    expect(local.statusCode).toBe(201);
    expect(local.json().parent).toMatchObject({ slug: network.json().slug, kind: 'network' });

    // Any member of the local group may start a pod in it.
    await t.request({
      method: 'POST',
      url: `/api/v1/groups/${local.json().slug}/join`,
      cookie: stranger.cookie,
      payload: {},
    });
    const pod = await t.request({
      method: 'POST',
      url: '/api/v1/groups',
      cookie: stranger.cookie,
      payload: validGroup({
        template: 'pod',
        parentSlug: local.json().slug,
        visibility: 'public',
        joinPolicy: 'invite',
      }),
    });
    expect(pod.statusCode).toBe(201);

    // The network lists its new group once the group's creator confirms the listing.
    const before = await t.request({ url: `/api/v1/groups/${network.json().slug}` });
    expect(before.json().children).toEqual([]);
    const listedLocal = await t.request({
      method: 'POST',
      url: `/api/v1/groups/${local.json().slug}/listing`,
      cookie: owner.cookie,
      payload: {},
    });
    expect(listedLocal.json()).toMatchObject({ listing: 'listed' });
    const networkPage = await t.request({ url: `/api/v1/groups/${network.json().slug}` });
    expect(networkPage.json().children.map((c: { slug: string }) => c.slug)).toEqual([
      local.json().slug,
    ]);
    const groupPage = await t.request({ url: `/api/v1/groups/${local.json().slug}` });
    expect(groupPage.json().children.map((c: { slug: string }) => c.slug)).toEqual([
      pod.json().slug,
    ]);
  });
});

describe('changing settings', () => {
  it('lets admins change allowed fields, and ignores fields nobody may set (SAFETY 18)', async () => {
    const { group, owner } = await makeGroup(t.deps);
    const other = await makeGroup(t.deps);
    const response = await t.request({
      method: 'PATCH',
      url: `/api/v1/groups/${group.slug}`,
      cookie: await signIn(t.deps, owner),
      payload: {
        name: 'Renamed',
        exchangeMode: 'dispatch',
        slug: 'stolen',
        id: other.group.id,
        createdBy: other.owner.id,
        parentId: other.group.id,
        role: 'admin',
      },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: group.id,
      slug: group.slug,
      name: 'Renamed',
      exchangeMode: 'dispatch',
      parent: null,
    });
  });

  it('refuses members (403) and a bad value (400 naming it)', async () => {
    const { group, owner } = await makeGroup(t.deps);
    const member = await person();
    await addMember(t.deps, group, member.user);
    const asMember = await t.request({
      method: 'PATCH',
      url: `/api/v1/groups/${group.slug}`,
      cookie: member.cookie,
      payload: { name: 'Mine now' },
    });
    expect(asMember.statusCode).toBe(403);
    // An admin of another group has no power here (SAFETY 5).
    const elsewhere = await signIn(t.deps, (await makeGroup(t.deps)).owner);
    const asOtherAdmin = await t.request({
      method: 'PATCH',
      url: `/api/v1/groups/${group.slug}`,
      cookie: elsewhere,
      payload: { name: 'Mine now' },
    });
    expect(asOtherAdmin.statusCode).toBe(403);
    const bad = await t.request({
      method: 'PATCH',
      url: `/api/v1/groups/${group.slug}`,
      cookie: await signIn(t.deps, owner),
      payload: { radiusKm: -1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('radiusKm');
  });
});

describe('my groups', () => {
  it('lists the groups I am in and those I asked to join', async () => {
    const me = await person();
    const { group: open } = await makeGroup(t.deps);
    const { group: asked } = await makeGroup(t.deps, { joinPolicy: 'approval' });
    await addMember(t.deps, open, me.user);
    await addMember(t.deps, asked, me.user, { status: 'pending' });
    const response = await t.request({ url: '/api/v1/me/groups', cookie: me.cookie });
    const bySlug = Object.fromEntries(
      response
        .json()
        .items.map((g: { slug: string; myMembership: unknown }) => [g.slug, g.myMembership]),
    );
    expect(bySlug).toEqual({
      [open.slug]: { status: 'active', role: 'member' },
      [asked.slug]: { status: 'pending', role: 'member' },
    });
  });
});

describe('every route, unhappy paths', () => {
  it('asks to sign in (401) on every route that needs it', async () => {
    const { group } = await makeGroup(t.deps);
    const someone = '00000000-0000-4000-8000-000000000001';
    const routes: Array<{
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
      url: string;
      payload?: object;
    }> = [
      { method: 'PATCH', url: `/api/v1/groups/${group.slug}`, payload: { name: 'New name' } },
      { method: 'GET', url: '/api/v1/me/groups' },
      { method: 'POST', url: `/api/v1/groups/${group.slug}/join`, payload: {} },
      { method: 'POST', url: `/api/v1/groups/${group.slug}/leave`, payload: {} },
      { method: 'GET', url: `/api/v1/groups/${group.slug}/members` },
      {
        method: 'POST',
        url: `/api/v1/groups/${group.slug}/members/${someone}/approve`,
        payload: {},
      },
      {
        method: 'POST',
        url: `/api/v1/groups/${group.slug}/members/${someone}/decline`,
        payload: {},
      },
      { method: 'POST', url: `/api/v1/groups/${group.slug}/members/${someone}/ban` },
      { method: 'DELETE', url: `/api/v1/groups/${group.slug}/members/${someone}` },
      {
        method: 'PATCH',
        url: `/api/v1/groups/${group.slug}/members/${someone}`,
        payload: { role: 'moderator' },
      },
      { method: 'GET', url: `/api/v1/groups/${group.slug}/invites` },
      { method: 'POST', url: `/api/v1/groups/${group.slug}/invites`, payload: {} },
      { method: 'DELETE', url: `/api/v1/groups/${group.slug}/invites/${someone}` },
      { method: 'POST', url: '/api/v1/invites/accept', payload: { token: 'x'.repeat(43) } },
    ];
    for (const route of routes) {
      const response = await t.request(route);
      expect({ route: `${route.method} ${route.url}`, status: response.statusCode }).toEqual({
        route: `${route.method} ${route.url}`,
        status: 401,
      });
    }
  });

  it('answers 404 for a member, request or invite that is not there, and 400 for a malformed id', async () => {
    const { group, owner } = await makeGroup(t.deps);
    const cookie = await signIn(t.deps, owner);
    const stranger = await makeUser(t.deps);
    const cases = [
      { method: 'DELETE' as const, url: `/api/v1/groups/${group.slug}/members/${stranger.id}` },
      {
        method: 'PATCH' as const,
        url: `/api/v1/groups/${group.slug}/members/${stranger.id}`,
        payload: { role: 'moderator' },
      },
      {
        method: 'POST' as const,
        url: `/api/v1/groups/${group.slug}/members/${stranger.id}/approve`,
        payload: {},
      },
      {
        method: 'DELETE' as const,
        url: `/api/v1/groups/${group.slug}/invites/${stranger.id}`,
      },
    ];
    for (const route of cases) {
      const response = await t.request({ ...route, cookie });
      expect({ url: route.url, status: response.statusCode }).toEqual({
        url: route.url,
        status: 404,
      });
    }
    const malformed = await t.request({
      method: 'DELETE',
      url: `/api/v1/groups/${group.slug}/members/not-a-uuid`,
      cookie,
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].field).toBe('userId');
  });
});

describe('the public directory', () => {
  const inDirectory = async (name: string) =>
    (await t.request({ url: `/api/v1/groups?q=${encodeURIComponent(name)}` }))
      .json()
      .items.map((g: { name: string }) => g.name);

  it('lists a group someone starts only once its creator confirms the listing', async () => {
    const owner = await person();
    const name = `Listing test ${Math.random().toString(36).slice(2, 8)}`;
    const made = await t.request({
      method: 'POST',
      url: '/api/v1/groups',
      cookie: owner.cookie,
      payload: validGroup({ name }),
    });
    expect(made.json()).toMatchObject({ listing: 'unlisted', canApproveListing: false });
    expect(await inDirectory(name)).toEqual([]);
    // Only its admins list it.
    const stranger = await person();
    const byStranger = await t.request({
      method: 'POST',
      url: `/api/v1/groups/${made.json().slug}/listing`,
      cookie: stranger.cookie,
      payload: {},
    });
    expect(byStranger.statusCode).toBe(403);
    const listed = await t.request({
      method: 'POST',
      url: `/api/v1/groups/${made.json().slug}/listing`,
      cookie: owner.cookie,
      payload: {},
    });
    expect(listed.json()).toMatchObject({ listing: 'listed' });
    expect(await inDirectory(name)).toEqual([name]);
    const withdrawn = await t.request({
      method: 'DELETE',
      url: `/api/v1/groups/${made.json().slug}/listing`,
      cookie: owner.cookie,
    });
    expect(withdrawn.json()).toMatchObject({ listing: 'unlisted' });
    expect(await inDirectory(name)).toEqual([]);
  });

  it('waits for an instance administrator where this Kindred asks for approval', async () => {
    const strict = await createTestApp({ GROUP_LISTING: 'approve' });
    try {
      const owner = await makeUser(strict.deps);
      const cookie = await signIn(strict.deps, owner);
      const name = `Approval test ${Math.random().toString(36).slice(2, 8)}`;
      const made = await strict.request({
        method: 'POST',
        url: '/api/v1/groups',
        cookie,
        payload: validGroup({ name }),
      });
      const slug = made.json().slug;
      const asked = await strict.request({
        method: 'POST',
        url: `/api/v1/groups/${slug}/listing`,
        cookie,
        payload: {},
      });
      expect(asked.json()).toMatchObject({ listing: 'awaiting-approval' });
      const search = async () =>
        (await strict.request({ url: `/api/v1/groups?q=${encodeURIComponent(name)}` })).json()
          .items;
      expect(await search()).toEqual([]);
      // The group's own admin cannot approve it; an instance administrator can, and sees the button.
      const selfApproved = await strict.request({
        method: 'POST',
        url: `/api/v1/groups/${slug}/listing/approve`,
        cookie,
        payload: {},
      });
      expect(selfApproved.statusCode).toBe(404);
      const admin = await signIn(strict.deps, await makeUser(strict.deps, { isAdmin: true }));
      expect(
        (await strict.request({ url: `/api/v1/groups/${slug}`, cookie: admin })).json(),
      ).toMatchObject({ canApproveListing: true });
      const approved = await strict.request({
        method: 'POST',
        url: `/api/v1/groups/${slug}/listing/approve`,
        cookie: admin,
        payload: {},
      });
      expect(approved.json()).toMatchObject({ listing: 'listed' });
      expect((await search()).map((g: { name: string }) => g.name)).toEqual([name]);
    } finally {
      await strict.close();
    }
  });
});
