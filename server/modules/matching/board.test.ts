import { eq, sql } from 'drizzle-orm';
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
type Person = Awaited<ReturnType<typeof makeUser>>;

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

  it('filters by words, help, urgency, area, language and no response, with totals that follow', async () => {
    const { group, owner } = await makeGroup(t.deps, {
      exchangeMode: 'dispatch',
      categories: ['groceries', 'transport'],
    });
    const moderator = await signIn(t.deps, owner);
    const [french, other, helper] = [
      await makeUser(t.deps),
      await makeUser(t.deps),
      await makeUser(t.deps),
    ];
    for (const person of [french, other, helper]) await addMember(t.deps, group, person);
    await t.db
      .update(users)
      .set({ languages: ['fr'] })
      .where(eq(users.id, french.id));
    const ask = (author: Person, title: string, input: object) =>
      makePost(t.deps, { group, author, input: { title, ...input } });
    await ask(french, 'Épicerie pour Mme Roy', {
      category: 'groceries',
      urgency: 'today',
      locationName: 'Saint-Roch',
    });
    await ask(other, 'Lift to the clinic', {
      category: 'transport',
      urgency: 'flexible',
      locationName: 'Fernwood',
    });
    const answered = await ask(other, 'Groceries on Friday', {
      category: 'groceries',
      urgency: 'flexible',
      locationName: 'Fernwood',
    });
    await t.request({
      method: 'POST',
      url: `/api/v1/posts/${answered.id}/responses`,
      cookie: await signIn(t.deps, helper),
      payload: {},
    });
    const titles = async (query: string) => {
      const board = await t.request({
        url: `/api/v1/groups/${group.slug}/board?${query}`,
        cookie: moderator,
      });
      expect(board.statusCode, query).toBe(200);
      const body = board.json();
      return {
        titles: body.cards.map((card: { post: { title: string } }) => card.post.title).sort(),
        total: Object.values(body.totals as Record<string, number>).reduce((a, b) => a + b, 0),
      };
    };
    expect(await titles('')).toMatchObject({ total: 3 });
    // Accents and case do not matter; the place counts as words too.
    expect(await titles('q=epicerie')).toEqual({ titles: ['Épicerie pour Mme Roy'], total: 1 });
    expect(await titles('q=fernwood')).toMatchObject({ total: 2 });
    expect(await titles('category=transport')).toEqual({
      titles: ['Lift to the clinic'],
      total: 1,
    });
    expect(await titles('urgency=today')).toEqual({ titles: ['Épicerie pour Mme Roy'], total: 1 });
    expect(await titles('area=saint-roch')).toEqual({
      titles: ['Épicerie pour Mme Roy'],
      total: 1,
    });
    expect(await titles('language=fr')).toEqual({ titles: ['Épicerie pour Mme Roy'], total: 1 });
    expect(await titles('unanswered=true')).toEqual({
      titles: ['Lift to the clinic', 'Épicerie pour Mme Roy'],
      total: 2,
    });
    expect(await titles('category=groceries&unanswered=true')).toMatchObject({ total: 1 });
    // A pattern character is a character, not a wildcard.
    expect(await titles('q=%25')).toMatchObject({ total: 0 });
    // Bad filters are named.
    const bad = await t.request({
      url: `/api/v1/groups/${group.slug}/board?urgency=soon&language=French!`,
      cookie: moderator,
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['language', 'urgency']);
  });

  it('lets one moderator claim an ask ("I’m handling this"); others see who, until it lapses', async () => {
    const { group, owner } = await makeGroup(t.deps, { exchangeMode: 'dispatch' });
    const first = await signIn(t.deps, owner);
    const second = await makeUser(t.deps, { displayName: 'Second Mod' });
    await addMember(t.deps, group, second, { role: 'moderator' });
    const secondCookie = await signIn(t.deps, second);
    const member = await makeUser(t.deps);
    await addMember(t.deps, group, member);
    const post = await makePost(t.deps, {
      group,
      author: member,
      input: { title: 'Needs a call' },
    });
    const claim = (cookie: string, method: 'PUT' | 'DELETE' = 'PUT') =>
      t.request({ method, url: `/api/v1/posts/${post.id}/claim`, cookie });
    const cardOf = async (cookie: string) =>
      (await t.request({ url: `/api/v1/groups/${group.slug}/board`, cookie }))
        .json()
        .cards.find((card: { post: { id: string } }) => card.post.id === post.id);

    expect((await claim(await signIn(t.deps, member))).statusCode).toBe(403);
    const mine = await claim(first);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().by.id).toBe(owner.id);
    // The other moderator sees who has it, and cannot take it.
    expect((await cardOf(secondCookie)).claim).toMatchObject({ by: { id: owner.id } });
    const taken = await claim(secondCookie);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('claimed-by-other');
    // Renewing one's own claim moves its lapse on.
    expect((await claim(first)).statusCode).toBe(200);
    // Letting go of someone else's claim does nothing; letting go of one's own frees it.
    expect((await claim(secondCookie, 'DELETE')).statusCode).toBe(204);
    expect((await cardOf(first)).claim).not.toBeNull();
    expect((await claim(first, 'DELETE')).statusCode).toBe(204);
    expect((await cardOf(first)).claim).toBeNull();
    // A claim that has lapsed is gone from the board, and anyone may claim the ask again.
    expect((await claim(secondCookie)).statusCode).toBe(200);
    await t.db.execute(sql`UPDATE board_claims SET expires_at = now() - interval '1 second'`);
    expect((await cardOf(first)).claim).toBeNull();
    expect((await claim(first)).statusCode).toBe(200);
    expect((await cardOf(secondCookie)).claim).toMatchObject({ by: { id: owner.id } });
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
