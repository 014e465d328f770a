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
import { posts, users } from '../../db/schema/index.ts';

const t = useTestApp();

const at = (latitude: number, longitude: number) => ({
  private: {
    address: null,
    phone: null,
    accessNotes: null,
    contactPreference: null,
    point: { latitude, longitude },
  },
});

describe('the dispatch board', () => {
  it('puts asks in columns, flags the unanswered, and ranks suggested helpers with their reasons', async () => {
    const { group, owner } = await makeGroup(t.deps, {
      exchangeMode: 'dispatch',
      categories: ['groceries', 'transport'],
    });
    const moderator = await signIn(t.deps, owner);
    const asker = await makeUser(t.deps);
    await t.db
      .update(users)
      .set({ languages: ['fr'] })
      .where(eq(users.id, asker.id));
    await addMember(t.deps, group, asker);
    const helpers = {
      near: await makeUser(t.deps, { displayName: 'Nadia Near' }),
      far: await makeUser(t.deps, { displayName: 'Farid Far' }),
      busy: await makeUser(t.deps, { displayName: 'Bea Busy' }),
    };
    for (const person of Object.values(helpers)) await addMember(t.deps, group, person);
    const profile = (person: { id: string }, body: object) =>
      signIn(t.deps, person).then((cookie) =>
        t.request({
          method: 'PUT',
          url: `/api/v1/groups/${group.slug}/helper-profile`,
          cookie,
          payload: body,
        }),
      );
    await profile(helpers.near, {
      categories: ['groceries'],
      languages: ['fr'],
      place: { latitude: 48.43, longitude: -123.36 },
      freeForHours: 3,
    });
    await profile(helpers.far, {
      categories: ['groceries'],
      place: { latitude: 48.6, longitude: -123.6 },
    });
    await profile(helpers.busy, {
      categories: ['transport'],
      place: { latitude: 48.43, longitude: -123.36 },
    });

    const fresh = await makePost(t.deps, {
      group,
      author: asker,
      input: { title: 'Fresh ask', urgency: 'flexible', ...at(48.431, -123.361) },
    });
    const old = await makePost(t.deps, {
      group,
      author: asker,
      input: { title: 'Old ask', urgency: 'today', ...at(48.431, -123.361) },
    });
    await t.db
      .update(posts)
      .set({ createdAt: new Date(Date.now() - 30 * 3_600_000) })
      .where(eq(posts.id, old.id));
    const answered = await makePost(t.deps, {
      group,
      author: asker,
      input: { title: 'Answered ask' },
    });
    await t.request({
      method: 'POST',
      url: `/api/v1/posts/${answered.id}/responses`,
      cookie: await signIn(t.deps, helpers.far),
      payload: {},
    });
    const matched = await makePost(t.deps, {
      group,
      author: asker,
      input: { title: 'Matched ask' },
    });
    await t.request({
      method: 'POST',
      url: `/api/v1/posts/${matched.id}/assign`,
      cookie: moderator,
      payload: { helperId: helpers.busy.id },
    });

    const board = await t.request({ url: `/api/v1/groups/${group.slug}/board`, cookie: moderator });
    expect(board.statusCode).toBe(200);
    const byTitle = Object.fromEntries(
      board.json().cards.map((c: { post: { title: string } }) => [c.post.title, c]),
    );
    expect(byTitle['Fresh ask']).toMatchObject({ column: 'new', isStale: false });
    expect(byTitle['Old ask']).toMatchObject({ column: 'new', isStale: true });
    expect(byTitle['Answered ask']).toMatchObject({ column: 'waiting', pendingResponses: 1 });
    expect(byTitle['Matched ask']).toMatchObject({
      column: 'matched',
      match: { helper: { displayName: 'Bea Busy' } },
    });
    // Sorted by urgency: "today" first.
    expect(board.json().cards[0].post.title).toBe('Old ask');

    const suggestions = byTitle['Fresh ask'].suggestions;
    expect(
      suggestions.map((s: { helper: { displayName: string } }) => s.helper.displayName)[0],
    ).toBe('Nadia Near');
    expect(suggestions[0]).toMatchObject({
      fitsCategory: true,
      isFreeNow: true,
      sharedLanguage: 'fr',
      activeTasks: 0,
    });
    expect(suggestions[0].summary).toMatch(
      /^0(\.\d)? km · helps with this · free now · speaks French · 0 active tasks$/,
    );
    const busy = suggestions.find(
      (s: { helper: { displayName: string } }) => s.helper.displayName === 'Bea Busy',
    );
    expect(busy.activeTasks).toBe(1);
    expect(board.body).not.toContain(asker.email);

    const one = await t.request({
      url: `/api/v1/posts/${fresh.id}/suggestions`,
      cookie: moderator,
    });
    expect(one.json().items).toHaveLength(3);
  });

  it('holds each column’s first 100 cards in the board’s order and says how many there are', async () => {
    const { group, owner } = await makeGroup(t.deps, { exchangeMode: 'dispatch' });
    const moderator = await signIn(t.deps, owner);
    // Two askers: posting is limited to 60 an hour per person.
    const askers = [await makeUser(t.deps), await makeUser(t.deps)];
    for (const asker of askers) await addMember(t.deps, group, asker);
    for (let n = 1; n <= 102; n++) {
      const post = await makePost(t.deps, {
        group,
        author: askers[n % 2]!,
        input: { title: `Ask number ${n}` },
      });
      // Oldest first: ask 1 is the oldest.
      await t.db
        .update(posts)
        .set({ createdAt: new Date(Date.now() - (200 - n) * 60_000) })
        .where(eq(posts.id, post.id));
    }
    const board = await t.request({
      url: `/api/v1/groups/${group.slug}/board?sort=age`,
      cookie: moderator,
    });
    expect(board.statusCode).toBe(200);
    const { cards, totals } = board.json();
    expect(totals).toEqual({ new: 102, waiting: 0, matched: 0, 'in-progress': 0, done: 0 });
    expect(cards.map((card: { post: { title: string } }) => card.post.title)).toEqual(
      Array.from({ length: 100 }, (_, i) => `Ask number ${i + 1}`),
    );
  });

  it('is for the group’s moderators only', async () => {
    const { group } = await makeGroup(t.deps);
    const member = await makeUser(t.deps);
    await addMember(t.deps, group, member);
    const asMember = await t.request({
      url: `/api/v1/groups/${group.slug}/board`,
      cookie: await signIn(t.deps, member),
    });
    expect(asMember.statusCode).toBe(403);
    const elsewhere = await makeGroup(t.deps);
    const asOtherAdmin = await t.request({
      url: `/api/v1/groups/${group.slug}/board`,
      cookie: await signIn(t.deps, elsewhere.owner),
    });
    expect(asOtherAdmin.statusCode).toBe(403);
    expect((await t.request({ url: `/api/v1/groups/${group.slug}/board` })).statusCode).toBe(401);
    const hidden = await makeGroup(t.deps, { visibility: 'hidden' });
    const hiddenBoard = await t.request({
      url: `/api/v1/groups/${hidden.group.slug}/board`,
      cookie: await signIn(t.deps, member),
    });
    expect(hiddenBoard.statusCode).toBe(404);
  });
});
