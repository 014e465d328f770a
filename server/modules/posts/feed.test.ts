import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/support/app.ts';
import {
  addMember,
  makeGroup,
  makePost,
  makeUser,
  signIn,
} from '../../../test/support/factories.ts';
import { posts } from '../../db/schema/index.ts';

const t = useTestApp();

async function groupWithMember(overrides: Parameters<typeof makeGroup>[1] = {}) {
  const { group, owner } = await makeGroup(t.deps, {
    categories: ['groceries', 'meals', 'transport'],
    ...overrides,
  });
  const member = await makeUser(t.deps);
  await addMember(t.deps, group, member);
  return { group, owner, member, cookie: await signIn(t.deps, member) };
}

const ids = (response: { json: () => { items: Array<{ id: string }> } }) =>
  response.json().items.map((item) => item.id);

describe('the group feed', () => {
  it('filters by kind, category, status and "no response yet", and pages with a cursor', async () => {
    const { group, owner, member, cookie } = await groupWithMember();
    const rice = await makePost(t.deps, {
      group,
      author: member,
      input: { title: 'Rice and beans' },
    });
    const meal = await makePost(t.deps, {
      group,
      author: member,
      input: { title: 'A hot meal on Sunday', category: 'meals' },
    });
    const lift = await makePost(t.deps, {
      group,
      author: owner,
      input: { kind: 'offer', title: 'Lifts to the clinic', category: 'transport', urgency: null },
    });
    const done = await makePost(t.deps, { group, author: member, input: { title: 'Old ask' } });
    await t.db
      .update(posts)
      .set({ status: 'closed', closedReason: 'fulfilled' })
      .where(eq(posts.id, done.id));
    await t.request({
      method: 'POST',
      url: `/api/v1/posts/${meal.id}/comments`,
      cookie: await signIn(t.deps, owner),
      payload: { body: 'I can cook for you.' },
    });

    const feed = (query: string) =>
      t.request({ url: `/api/v1/groups/${group.slug}/posts?${query}`, cookie });
    expect(ids(await feed(''))).toEqual([lift.id, meal.id, rice.id]);
    expect(ids(await feed('kind=offer'))).toEqual([lift.id]);
    expect(ids(await feed('category=meals'))).toEqual([meal.id]);
    expect(ids(await feed('status=closed'))).toEqual([done.id]);
    expect(ids(await feed('status=all'))).toHaveLength(4);
    expect(ids(await feed('unanswered=true'))).toEqual([lift.id, rice.id]);

    const first = await feed('limit=2');
    expect(ids(first)).toEqual([lift.id, meal.id]);
    const second = await feed(`limit=2&cursor=${first.json().nextCursor}`);
    expect(ids(second)).toEqual([rice.id]);
    expect(second.json().nextCursor).toBeNull();
    expect((await feed('cursor=garbage')).statusCode).toBe(400);
    expect((await feed('kind=party')).json().errors[0].field).toBe('kind');
  });

  it('searches title and text in any language, accents or not', async () => {
    const { group, member, cookie } = await groupWithMember();
    const cafe = await makePost(t.deps, {
      group,
      author: member,
      input: { title: 'Besoin de café et de pâtes', body: 'Pour une personne âgée' },
    });
    await makePost(t.deps, { group, author: member, input: { title: 'Bread please' } });
    for (const q of ['cafe', 'CAFÉ', 'pates', 'agee']) {
      const response = await t.request({
        url: `/api/v1/groups/${group.slug}/posts?q=${encodeURIComponent(q)}`,
        cookie,
      });
      expect({ q, ids: ids(response) }).toEqual({ q, ids: [cafe.id] });
    }
  });

  it('finds posts within a distance of a point, with their distance', async () => {
    const { group, member, cookie } = await groupWithMember();
    const near = await makePost(t.deps, {
      group,
      author: member,
      input: {
        title: 'Near the park',
        private: {
          address: null,
          phone: null,
          accessNotes: null,
          contactPreference: null,
          point: { latitude: 48.43, longitude: -123.35 },
        },
      },
    });
    await makePost(t.deps, {
      group,
      author: member,
      input: {
        title: 'Far away',
        private: {
          address: null,
          phone: null,
          accessNotes: null,
          contactPreference: null,
          point: { latitude: 48.6, longitude: -123.6 },
        },
      },
    });
    const response = await t.request({
      url: `/api/v1/groups/${group.slug}/posts?near=48.4284,-123.3656&within=3`,
      cookie,
    });
    expect(ids(response)).toEqual([near.id]);
    expect(response.json().items[0].distanceKm).toBeCloseTo(1.1, 0);
    const noPoint = await t.request({ url: `/api/v1/groups/${group.slug}/posts?within=3`, cookie });
    expect(noPoint.json().errors[0].field).toBe('near');
  });

  it('shows outsiders of a public group summaries only, and refuses a listed group’s feed (403)', async () => {
    const { group, member } = await groupWithMember();
    await makePost(t.deps, {
      group,
      author: member,
      input: { title: 'Public summary', body: 'Only members read this' },
    });
    const outside = await t.request({ url: `/api/v1/groups/${group.slug}/posts` });
    expect(outside.statusCode).toBe(200);
    expect(outside.json().items[0]).toMatchObject({
      title: 'Public summary',
      body: null,
      author: null,
      location: null,
    });
    expect(outside.body).not.toContain('Only members read this');

    const listed = await groupWithMember({ visibility: 'listed' });
    const refused = await t.request({ url: `/api/v1/groups/${listed.group.slug}/posts` });
    expect(refused.statusCode).toBe(403);
    const hidden = await groupWithMember({ visibility: 'hidden' });
    expect((await t.request({ url: `/api/v1/groups/${hidden.group.slug}/posts` })).statusCode).toBe(
      404,
    );
  });
});

describe('near me', () => {
  it('lists open asks and offers near me across all my groups, nearest first', async () => {
    const me = await makeUser(t.deps);
    const neighbour = await makeUser(t.deps);
    const at = (latitude: number, longitude: number) => ({
      private: {
        address: null,
        phone: null,
        accessNotes: null,
        contactPreference: null,
        point: { latitude, longitude },
      },
    });
    const a = await makeGroup(t.deps);
    const b = await makeGroup(t.deps);
    const notMine = await makeGroup(t.deps);
    for (const group of [a.group, b.group, notMine.group])
      await addMember(t.deps, group, neighbour);
    await addMember(t.deps, a.group, me);
    await addMember(t.deps, b.group, me);
    const close = await makePost(t.deps, {
      group: a.group,
      author: neighbour,
      input: { title: 'Close by', ...at(48.429, -123.366) },
    });
    const further = await makePost(t.deps, {
      group: b.group,
      author: neighbour,
      input: { title: 'A bit further', ...at(48.45, -123.36) },
    });
    await makePost(t.deps, {
      group: notMine.group,
      author: neighbour,
      input: { title: 'Not my group', ...at(48.429, -123.366) },
    });
    await makePost(t.deps, {
      group: a.group,
      author: neighbour,
      input: { title: 'Too far', ...at(49.5, -123.36) },
    });
    const response = await t.request({
      url: '/api/v1/posts/near?near=48.4284,-123.3656&within=10',
      cookie: await signIn(t.deps, me),
    });
    expect(ids(response)).toEqual([close.id, further.id]);
    const items = response.json().items;
    expect(items.map((item: { group: unknown }) => item.group)).toEqual([
      { slug: a.group.slug, name: a.group.name },
      { slug: b.group.slug, name: b.group.name },
    ]);
    // A member of each group reads the whole post: its author and place.
    expect(items.map((item: { author: { id: string } | null }) => item.author?.id)).toEqual([
      neighbour.id,
      neighbour.id,
    ]);
    expect(items[0].location).not.toBeNull();
    expect((await t.request({ url: '/api/v1/posts/near?near=48.4,-123.3' })).statusCode).toBe(401);
  });
});

describe('the plain-text list of open asks', () => {
  it('lists open asks with links, without private details or names', async () => {
    const { group, member, cookie } = await groupWithMember();
    await makePost(t.deps, {
      group,
      author: member,
      input: {
        title: 'Milk and bread',
        urgency: 'today',
        locationName: 'Fernwood',
        private: {
          address: '77 Private Way',
          phone: '+1 250 555 0177',
          accessNotes: null,
          contactPreference: null,
          point: null,
        },
      },
    });
    await makePost(t.deps, {
      group,
      author: member,
      input: { kind: 'info', title: 'Not an ask', category: null, urgency: null },
    });
    const response = await t.request({ url: `/api/v1/groups/${group.slug}/posts.txt`, cookie });
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toContain('Milk and bread');
    expect(response.body).toContain('[Groceries] Milk and bread (Today) · Fernwood');
    const french = await t.request({
      url: `/api/v1/groups/${group.slug}/posts.txt?locale=fr`,
      cookie,
    });
    expect(french.body).toContain('[Courses] Milk and bread (Aujourd’hui) · Fernwood');
    expect(french.body).toContain('demandes ouvertes (1)');
    expect(response.body).toContain('http://localhost:3000/posts/');
    expect(response.body).not.toContain('Not an ask');
    for (const secret of ['77 Private Way', '555 0177', member.displayName, member.email]) {
      expect(response.body).not.toContain(secret);
    }
  });
});
