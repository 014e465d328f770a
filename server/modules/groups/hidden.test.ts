// SAFETY 5: a hidden group never shows itself to a non-member; a listed group shows only its
// public fields to non-members, pending members and the banned.
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/support/app.ts';
import { addMember, makeGroup, makeUser, signIn } from '../../../test/support/factories.ts';

const t = useTestApp();

const INSIDE_FIELDS = ['children'];

describe('a hidden group, to someone outside it', () => {
  it('answers every route exactly as a group that does not exist', async () => {
    const network = await makeGroup(t.deps, { template: 'network', visibility: 'public' });
    const hidden = await makeGroup(t.deps, {
      owner: network.owner,
      parentSlug: network.group.slug,
      name: 'Survivors support circle',
      visibility: 'hidden',
      joinPolicy: 'approval',
    });
    const stranger = await makeUser(t.deps);
    const cookie = await signIn(t.deps, stranger);
    const member = await makeUser(t.deps);
    const banned = await makeUser(t.deps);
    await addMember(t.deps, hidden.group, banned, { status: 'banned' });

    const probes = (slug: string) => [
      { method: 'GET' as const, url: `/api/v1/groups/${slug}` },
      { method: 'POST' as const, url: `/api/v1/groups/${slug}/join`, payload: {} },
      { method: 'GET' as const, url: `/api/v1/groups/${slug}/members` },
      { method: 'GET' as const, url: `/api/v1/groups/${slug}/invites` },
      { method: 'POST' as const, url: `/api/v1/groups/${slug}/invites`, payload: {} },
      { method: 'POST' as const, url: `/api/v1/groups/${slug}/leave`, payload: {} },
      { method: 'PATCH' as const, url: `/api/v1/groups/${slug}`, payload: { name: 'x y' } },
      {
        method: 'POST' as const,
        url: `/api/v1/groups/${slug}/members/${member.id}/approve`,
        payload: {},
      },
    ];
    for (const who of [cookie, await signIn(t.deps, banned)]) {
      const real = probes(hidden.group.slug);
      const fake = probes('no-such-group-here');
      for (let i = 0; i < real.length; i++) {
        const a = await t.request({ ...real[i]!, cookie: who });
        const b = await t.request({ ...fake[i]!, cookie: who });
        expect({ url: real[i]!.url, status: a.statusCode }).toEqual({
          url: real[i]!.url,
          status: 404,
        });
        expect(a.body).toBe(b.body);
      }
    }

    // Not in the directory, a search, the network's list or its count.
    const near = await t.request({
      url: `/api/v1/groups?near=${hidden.group.latitude},${hidden.group.longitude}&limit=500`,
    });
    expect(near.body).not.toContain(hidden.group.slug);
    const search = await t.request({ url: '/api/v1/groups?q=survivors' });
    expect(search.json().items).toEqual([]);
    for (const format of ['geojson', 'csv']) {
      const exported = await t.request({ url: `/api/v1/groups.${format}?q=survivors` });
      expect(exported.body).not.toContain('Survivors');
    }
    const networkPage = await t.request({ url: `/api/v1/groups/${network.group.slug}`, cookie });
    expect(networkPage.json().children).toEqual([]);
    const mine = await t.request({
      url: '/api/v1/me/groups',
      cookie: await signIn(t.deps, banned),
    });
    expect(mine.json().items).toEqual([]);

    // Its address cannot be probed: the slug asked for is free, the hidden one has a random tail.
    expect(hidden.group.slug).toMatch(/^group-[0-9a-f]{8}-[a-z0-9x]{8}$/);
    const sameName = await t.request({
      method: 'POST',
      url: '/api/v1/groups',
      cookie,
      payload: {
        template: 'neighbourhood',
        slug: hidden.group.slug.replace(/-[a-z0-9x]{8}$/, ''),
        name: 'Another group',
        centre: { latitude: 1, longitude: 1 },
        radiusKm: 1,
        categories: [],
        exchangeMode: 'peer',
        visibility: 'public',
        joinPolicy: 'open',
      },
    });
    expect(sameName.statusCode).toBe(201);
  });

  it('is seen in full by its members, and listed under its network for them', async () => {
    const network = await makeGroup(t.deps, { template: 'network' });
    const hidden = await makeGroup(t.deps, {
      owner: network.owner,
      parentSlug: network.group.slug,
      visibility: 'hidden',
    });
    const member = await makeUser(t.deps);
    await addMember(t.deps, hidden.group, member);
    const cookie = await signIn(t.deps, member);
    const page = await t.request({ url: `/api/v1/groups/${hidden.group.slug}`, cookie });
    expect(page.statusCode).toBe(200);
    expect(page.json().canSeeInside).toBe(true);
    const networkPage = await t.request({ url: `/api/v1/groups/${network.group.slug}`, cookie });
    expect(networkPage.json().children.map((c: { slug: string }) => c.slug)).toEqual([
      hidden.group.slug,
    ]);
  });

  it('takes a random tail when a group becomes hidden', async () => {
    const { group, owner } = await makeGroup(t.deps);
    const response = await t.request({
      method: 'PATCH',
      url: `/api/v1/groups/${group.slug}`,
      cookie: await signIn(t.deps, owner),
      payload: { visibility: 'hidden' },
    });
    expect(response.json().slug).toMatch(new RegExp(`^${group.slug}-[a-z0-9x]{8}$`));
    expect((await t.request({ url: `/api/v1/groups/${group.slug}` })).statusCode).toBe(404);
  });
});

describe('a listed group', () => {
  it('shows only public fields to non-members, pending members and the banned', async () => {
    const { group, owner } = await makeGroup(t.deps, {
      visibility: 'listed',
      joinPolicy: 'approval',
    });
    await makeGroup(t.deps, {
      owner,
      template: 'pod',
      parentSlug: group.slug,
      visibility: 'listed',
      joinPolicy: 'invite',
    });
    const pending = await makeUser(t.deps);
    const banned = await makeUser(t.deps);
    await addMember(t.deps, group, pending, { status: 'pending' });
    await addMember(t.deps, group, banned, { status: 'banned' });
    const viewers = [
      undefined,
      await signIn(t.deps, await makeUser(t.deps)),
      await signIn(t.deps, pending),
      await signIn(t.deps, banned),
    ];
    for (const cookie of viewers) {
      const response = await t.request({
        url: `/api/v1/groups/${group.slug}`,
        ...(cookie ? { cookie } : {}),
      });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.canSeeInside).toBe(false);
      for (const field of INSIDE_FIELDS) expect(body[field]).toEqual([]);
      expect(body.canModerate).toBe(false);
    }
    const member = await makeUser(t.deps);
    await addMember(t.deps, group, member);
    const inside = await t.request({
      url: `/api/v1/groups/${group.slug}`,
      cookie: await signIn(t.deps, member),
    });
    expect(inside.json().children).toHaveLength(1);
  });
});
