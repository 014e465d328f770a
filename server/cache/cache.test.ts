import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/support/app.ts';
import {
  addMember,
  makeAccessToken,
  makeGroup,
  makePost,
  makeUser,
  signIn,
} from '../../test/support/factories.ts';
import { accessTokens, groups, memberships, posts, sessions, users } from '../db/schema/index.ts';
import { createAccessCache } from './access-cache.ts';
import { CHANGES_CHANNEL, SESSIONS_CHANNEL } from './channels.ts';
import { createGroupCache } from './group-cache.ts';
import { createSessionCache } from './session-cache.ts';

const t = useTestApp();

type FeedItem = {
  id: string;
  title: string;
  commentCount: number;
  reactions: Array<{ kind: string; count: number; isMine: boolean }>;
  poll: { myVote: string | null; totalVotes: number | null; options: Array<{ id: string }> } | null;
  myResponse: string | null;
  isHeld: boolean;
};

/** Asks until `check` passes: a change made outside the API is announced, not awaited. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A group with one ask, and the title its feed shows first (as its owner reads it). */
async function oneAsk(title: string) {
  const { group, owner } = await makeGroup(t.deps, { categories: ['groceries'] });
  const cookie = await signIn(t.deps, owner);
  const ask = await makePost(t.deps, { group, author: owner, input: { title } });
  const feedTitle = async () =>
    (await t.request({ url: `/api/v1/groups/${group.slug}/posts`, cookie })).json().items[0]
      .title as string;
  return { ask, title: feedTitle };
}

describe('the cached group feed', () => {
  it('shows every change at once, with each reader’s own reactions, vote and held posts', async () => {
    const { group, owner } = await makeGroup(t.deps, { categories: ['groceries'] });
    const ana = await makeUser(t.deps);
    const ben = await makeUser(t.deps);
    await addMember(t.deps, group, ana);
    await addMember(t.deps, group, ben);
    const anaCookie = await signIn(t.deps, ana);
    const benCookie = await signIn(t.deps, ben);
    const ownerCookie = await signIn(t.deps, owner);
    const ask = await makePost(t.deps, { group, author: ana, input: { title: 'Soup please' } });
    const poll = await makePost(t.deps, {
      group,
      author: owner,
      input: { kind: 'question', title: 'Meet on Sunday?', poll: ['Yes', 'No'] },
    });
    const feed = async (cookie: string) => {
      const response = await t.request({ url: `/api/v1/groups/${group.slug}/posts`, cookie });
      expect(response.statusCode).toBe(200);
      return new Map((response.json().items as FeedItem[]).map((item) => [item.id, item]));
    };

    expect((await feed(anaCookie)).get(ask.id)?.reactions).toEqual([]);
    // Ben reacts and comments: both readers see it on their next page, only Ben's is "mine".
    await t.request({
      method: 'PUT',
      url: `/api/v1/posts/${ask.id}/reactions/heart`,
      cookie: benCookie,
    });
    await t.request({
      method: 'POST',
      url: `/api/v1/posts/${ask.id}/comments`,
      cookie: benCookie,
      payload: { body: 'On my way.' },
    });
    const forAna = (await feed(anaCookie)).get(ask.id)!;
    const forBen = (await feed(benCookie)).get(ask.id)!;
    expect(forAna.reactions).toEqual([{ kind: 'heart', count: 1, isMine: false }]);
    expect(forBen.reactions).toEqual([{ kind: 'heart', count: 1, isMine: true }]);
    expect([forAna.commentCount, forBen.commentCount]).toEqual([1, 1]);
    const page = async (cookie: string) =>
      (await t.request({ url: `/api/v1/posts/${ask.id}`, cookie })).json() as FeedItem;
    expect((await page(anaCookie)).reactions).toEqual([{ kind: 'heart', count: 1, isMine: false }]);
    expect((await page(benCookie)).reactions).toEqual([{ kind: 'heart', count: 1, isMine: true }]);
    await t.request({
      method: 'DELETE',
      url: `/api/v1/posts/${ask.id}/reactions/heart`,
      cookie: benCookie,
    });
    expect((await page(benCookie)).reactions).toEqual([]);

    // A vote shows its results to the voter only; a response shows as the responder's own.
    const yes = (await feed(benCookie)).get(poll.id)!.poll!.options[0]!.id;
    await t.request({
      method: 'POST',
      url: `/api/v1/posts/${poll.id}/vote`,
      cookie: benCookie,
      payload: { optionId: yes },
    });
    await t.request({
      method: 'POST',
      url: `/api/v1/posts/${ask.id}/responses`,
      cookie: benCookie,
      payload: { note: 'I can bring it tonight.' },
    });
    const benAfter = await feed(benCookie);
    const anaAfter = await feed(anaCookie);
    expect(benAfter.get(poll.id)!.poll).toMatchObject({ myVote: yes, totalVotes: 1 });
    expect(anaAfter.get(poll.id)!.poll).toMatchObject({ myVote: null, totalVotes: null });
    expect(benAfter.get(ask.id)!.myResponse).toBe('pending');
    expect(anaAfter.get(ask.id)!.myResponse).toBeNull();

    // A post held for review is seen by its author and the moderators, never from the cache.
    const newcomer = await makeUser(t.deps);
    await addMember(t.deps, group, newcomer);
    const newcomerCookie = await signIn(t.deps, newcomer);
    await feed(newcomerCookie);
    const held = await makePost(t.deps, { group, author: newcomer, input: { title: 'Held' } });
    await t.db.update(posts).set({ isHeld: true }).where(eq(posts.id, held.id));
    await eventually(
      () => feed(ownerCookie),
      (items) => items.get(held.id)?.isHeld === true,
    );
    expect((await feed(newcomerCookie)).get(held.id)?.isHeld).toBe(true);
    expect((await feed(ownerCookie)).get(held.id)?.isHeld).toBe(true);
    expect((await feed(anaCookie)).has(held.id)).toBe(false);
  });

  it('is served from memory until a write announces itself, from any connection', async () => {
    const { ask, title } = await oneAsk('Before');
    expect(await title()).toBe('Before');

    // A write that fires no trigger (replication mode) is not heard: the page stays cached.
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.update(posts).set({ title: 'Unannounced' }).where(eq(posts.id, ask.id));
    });
    expect(await title()).toBe('Before');

    // Any ordinary write, by any code on any connection, is: the next page is fresh.
    await t.db.update(posts).set({ title: 'After' }).where(eq(posts.id, ask.id));
    expect(
      await eventually(
        () => title(),
        (value) => value === 'After',
      ),
    ).toBe('After');
  });
});

describe('a write through this instance', () => {
  it('drops its group’s cached pages here before it replies, announced or not', async () => {
    const { group, owner } = await makeGroup(t.deps, { categories: ['groceries'] });
    const cookie = await signIn(t.deps, owner);
    const ask = await makePost(t.deps, { group, author: owner, input: { title: 'Soup' } });
    const hearts = async () => {
      const page = await t.request({ url: `/api/v1/groups/${group.slug}/posts`, cookie });
      const post = await t.request({ url: `/api/v1/posts/${ask.id}`, cookie });
      return [page.json().items[0].reactions.length, post.json().reactions.length];
    };
    expect(await hearts()).toEqual([0, 0]);
    // With the trigger off, only this instance's own note of the write can drop the pages.
    await t.db.execute(sql`ALTER TABLE reactions DISABLE TRIGGER reactions_changed`);
    try {
      const put = await t.request({
        method: 'PUT',
        url: `/api/v1/posts/${ask.id}/reactions/heart`,
        cookie,
      });
      expect(put.statusCode).toBeLessThan(300);
      expect(await hearts()).toEqual([1, 1]);
    } finally {
      await t.db.execute(sql`ALTER TABLE reactions ENABLE TRIGGER reactions_changed`);
    }
  });
});

describe('a feed page shared by bystanders', () => {
  it('is, for every reader, the page presented for them alone', async () => {
    const { group, owner } = await makeGroup(t.deps, { categories: ['groceries'] });
    const [ana, ben, cleo, dev, eve, stranger] = await Promise.all(
      ['Ana', 'Ben', 'Cleo', 'Dev', 'Eve', 'Stranger'].map((displayName) =>
        makeUser(t.deps, { displayName }),
      ),
    );
    for (const user of [ana, ben, cleo, dev, eve]) await addMember(t.deps, group, user!);
    const cookie = Object.fromEntries(
      await Promise.all(
        Object.entries({ owner, ana, ben, cleo, dev, eve, stranger }).map(
          async ([name, user]) => [name, await signIn(t.deps, user!)] as const,
        ),
      ),
    );
    const ask = await makePost(t.deps, { group, author: ana!, input: { title: 'Soup please' } });
    const offer = await makePost(t.deps, {
      group,
      author: ana!,
      input: { kind: 'offer', title: 'Ladder' },
    });
    const poll = await makePost(t.deps, {
      group,
      author: owner,
      input: { kind: 'question', title: 'Meet on Sunday?', poll: ['Yes', 'No'] },
    });
    // Ben reacts, Cleo votes, Dev answers the ask and Ana accepts him: each has a part.
    await t.request({
      method: 'PUT',
      url: `/api/v1/posts/${ask.id}/reactions/heart`,
      cookie: cookie.ben,
    });
    const optionId = (
      await t.request({ url: `/api/v1/posts/${poll.id}`, cookie: cookie.cleo })
    ).json().poll.options[0].id;
    await t.request({
      method: 'POST',
      url: `/api/v1/posts/${poll.id}/vote`,
      cookie: cookie.cleo,
      payload: { optionId },
    });
    const response = await t.request({
      method: 'POST',
      url: `/api/v1/posts/${ask.id}/responses`,
      cookie: cookie.dev,
      payload: { note: 'I can bring it.' },
    });
    const accepted = await t.request({
      method: 'POST',
      url: `/api/v1/responses/${response.json().id}/accept`,
      cookie: cookie.ana,
    });
    expect(accepted.statusCode).toBe(201);

    // Each post in the feed reads as its own page does for that reader (a page of one post is
    // presented for its reader alone, from a query of its own).
    const url = `/api/v1/groups/${group.slug}/posts`;
    for (const [name, value] of [...Object.entries(cookie), ['signed out', undefined]]) {
      const ids = [poll.id, offer.id, ask.id];
      const expected = {
        items: await Promise.all(
          ids.map(async (id) =>
            (await t.request({ url: `/api/v1/posts/${id}`, cookie: value })).json(),
          ),
        ),
        nextCursor: null,
      };
      for (let i = 0; i < 2; i++) {
        const cached = await t.request({ url, cookie: value });
        expect(cached.json(), name).toEqual(expected);
      }
      const packed = await t.request({ url, cookie: value, headers: { 'accept-encoding': 'br' } });
      const body =
        packed.headers['content-encoding'] === 'br'
          ? brotliDecompressSync(packed.rawPayload).toString()
          : packed.body;
      expect(JSON.parse(body), name).toEqual(expected);
    }
    // A bystander's page is the shared one, compressed once; a page with a part of yours is
    // your own, compressed too (and the same each time you read it).
    const asBystander = await t.request({
      url,
      cookie: cookie.eve,
      headers: { 'accept-encoding': 'br' },
    });
    expect(asBystander.headers['content-encoding']).toBe('br');
    const helperPage = () =>
      t.request({ url, cookie: cookie.dev, headers: { 'accept-encoding': 'br' } });
    const asHelper = await helperPage();
    expect(asHelper.headers['content-encoding']).toBe('br');
    expect(asHelper.rawPayload.equals(asBystander.rawPayload)).toBe(false);
    expect(JSON.parse(brotliDecompressSync(asHelper.rawPayload).toString()).items[2]).toMatchObject(
      { myResponse: 'accepted', match: { id: expect.any(String) } },
    );
    expect((await helperPage()).rawPayload.equals(asHelper.rawPayload)).toBe(true);
    const asVoter = (await t.request({ url, cookie: cookie.cleo })).json();
    expect(asVoter.items[0].poll).toMatchObject({ myVote: optionId, totalVotes: 1 });
    const asReactor = (await t.request({ url, cookie: cookie.ben })).json();
    expect(asReactor.items[2].reactions).toEqual([{ kind: 'heart', count: 1, isMine: true }]);
    // Ben takes his heart back: his next compressed page shows it (his kept copy is gone).
    const benPage = async () => {
      const page = await t.request({
        url,
        cookie: cookie.ben,
        headers: { 'accept-encoding': 'br' },
      });
      return JSON.parse(brotliDecompressSync(page.rawPayload).toString());
    };
    expect((await benPage()).items[2].reactions).toEqual([
      { kind: 'heart', count: 1, isMine: true },
    ]);
    const taken = await t.request({
      method: 'DELETE',
      url: `/api/v1/posts/${ask.id}/reactions/heart`,
      cookie: cookie.ben,
    });
    expect(taken.statusCode).toBeLessThan(300);
    expect((await benPage()).items[2].reactions).toEqual([]);
  });
});

describe('when the listening connection drops', () => {
  it('forgets every cached page, reads fresh until it listens again, then caches again', async () => {
    const { ask, title } = await oneAsk('Before');
    // A write no trigger announces (replication mode): only a dropped cache can show it.
    const unannounced = (value: string) =>
      t.db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL session_replication_role = replica`);
        await tx.update(posts).set({ title: value }).where(eq(posts.id, ask.id));
      });
    expect(await title()).toBe('Before');

    await t.db.execute(sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`);
    await unannounced('While deaf');
    expect(
      await eventually(
        () => title(),
        (value) => value === 'While deaf',
      ),
    ).toBe('While deaf');

    // Listening again (it retries every second): a page is kept again until a change is heard.
    let round = 0;
    const cachedAgain = await eventually(
      async () => {
        round++;
        const first = await title();
        await unannounced(`Round ${round}`);
        return first === (await title());
      },
      (isCached) => isCached,
    );
    expect(cachedAgain).toBe(true);
  });
});

describe('the cached board and suggestions', () => {
  it('change as soon as someone responds or offers to help', async () => {
    const { group, owner } = await makeGroup(t.deps, { categories: ['groceries'] });
    const asker = await makeUser(t.deps);
    const hana = await makeUser(t.deps, { displayName: 'Hana' });
    await addMember(t.deps, group, asker);
    await addMember(t.deps, group, hana);
    const moderator = await signIn(t.deps, owner);
    const hanaCookie = await signIn(t.deps, hana);
    const ask = await makePost(t.deps, { group, author: asker, input: { title: 'Bread' } });
    const card = async () =>
      (await t.request({ url: `/api/v1/groups/${group.slug}/board`, cookie: moderator })).json()
        .cards[0] as { column: string; suggestions: Array<{ helper: { id: string } }> };
    const suggested = async () =>
      (await t.request({ url: `/api/v1/posts/${ask.id}/suggestions`, cookie: moderator })).json()
        .items as Array<{ helper: { id: string } }>;
    expect(await card()).toMatchObject({ column: 'new', suggestions: [] });
    expect(await suggested()).toEqual([]);

    await t.request({
      method: 'PUT',
      url: `/api/v1/groups/${group.slug}/helper-profile`,
      cookie: hanaCookie,
      payload: { categories: ['groceries'], travelKm: 5, languages: ['en'] },
    });
    expect((await suggested()).map((s) => s.helper.id)).toEqual([hana.id]);
    expect((await card()).suggestions.map((s) => s.helper.id)).toEqual([hana.id]);

    await t.request({
      method: 'POST',
      url: `/api/v1/posts/${ask.id}/responses`,
      cookie: hanaCookie,
      payload: { note: 'I pass the bakery.' },
    });
    expect((await card()).column).toBe('waiting');

    // Compressed once for the clients that take it, the same board either way.
    for (let i = 0; i < 4; i++) {
      await makePost(t.deps, { group, author: asker, input: { title: `Another ask ${i}` } });
    }
    const url = `/api/v1/groups/${group.slug}/board`;
    const plain = await t.request({ url, cookie: moderator });
    for (const [coding, unpack] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      const packed = await t.request({
        url,
        cookie: moderator,
        headers: { 'accept-encoding': `${coding}, identity;q=0.5` },
      });
      expect(packed.headers['content-encoding']).toBe(coding);
      expect(packed.headers.vary).toContain('accept-encoding');
      expect(JSON.parse(unpack(packed.rawPayload).toString())).toEqual(plain.json());
    }
    expect(plain.headers['content-encoding']).toBeUndefined();
  });
});

describe('who may read a group or a post, kept in memory', () => {
  it('is asked afresh once anything in the group changes, from any connection', async () => {
    const { group, owner } = await makeGroup(t.deps, { visibility: 'listed' });
    const ana = await makeUser(t.deps);
    await addMember(t.deps, group, ana);
    const anaCookie = await signIn(t.deps, ana);
    const ask = await makePost(t.deps, { group, author: owner, input: { title: 'Soup' } });
    const reads = async () =>
      Promise.all(
        [`/api/v1/groups/${group.slug}/posts`, `/api/v1/posts/${ask.id}`].map(
          async (url) => (await t.request({ url, cookie: anaCookie })).statusCode,
        ),
      );
    expect(await reads()).toEqual([200, 200]);
    expect(await reads()).toEqual([200, 200]);
    const setStatus = (db: Pick<typeof t.db, 'update'>, status: 'active' | 'banned') =>
      db
        .update(memberships)
        .set({ status })
        .where(and(eq(memberships.groupId, group.id), eq(memberships.userId, ana.id)));

    // Banned by a write no trigger announces (replication mode): the kept answer still stands,
    // which shows it is kept.
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await setStatus(tx, 'banned');
    });
    expect(await reads()).toEqual([200, 200]);
    await setStatus(t.db, 'active');
    // Any announced change to her membership, from any connection, is heard.
    await setStatus(t.db, 'banned');
    expect(await eventually(reads, (codes) => codes[0] !== 200)).toEqual([403, 404]);

    // A moderator's ban through this instance holds on her very next request, announced or
    // not (the trigger is off here: only the instance's own note of the write can drop it).
    await setStatus(t.db, 'active');
    expect(await eventually(reads, (codes) => codes[0] === 200)).toEqual([200, 200]);
    const ownerCookie = await signIn(t.deps, owner);
    await t.db.execute(sql`ALTER TABLE memberships DISABLE TRIGGER memberships_changed`);
    try {
      const ban = await t.request({
        method: 'POST',
        url: `/api/v1/groups/${group.slug}/members/${ana.id}/ban`,
        cookie: ownerCookie,
      });
      expect(ban.statusCode).toBe(204);
      expect(await reads()).toEqual([403, 404]);
    } finally {
      await t.db.execute(sql`ALTER TABLE memberships ENABLE TRIGGER memberships_changed`);
    }
  });

  it('lets a reader’s pages be answered from memory alone until they or the group change', async () => {
    const { group, owner } = await makeGroup(t.deps, { categories: ['groceries'] });
    const ana = await makeUser(t.deps);
    await addMember(t.deps, group, ana);
    const anaCookie = await signIn(t.deps, ana);
    const ownerCookie = await signIn(t.deps, owner);
    const ask = await makePost(t.deps, { group, author: ana, input: { title: 'Soup' } });
    await makePost(t.deps, { group, author: owner, input: { title: 'Bread' } });
    const pages = [
      [`/api/v1/groups/${group.slug}/posts`, anaCookie],
      [`/api/v1/groups/${group.slug}/posts?q=soup`, anaCookie],
      [`/api/v1/posts/${ask.id}`, anaCookie],
      [`/api/v1/groups/${group.slug}/board`, ownerCookie],
      [`/api/v1/posts/${ask.id}/suggestions`, ownerCookie],
    ] as const;
    /** The statements each page sends to PostgreSQL. */
    const sent = async () => {
      const counts: number[] = [];
      const pool = t.pool as unknown as { query: (...args: unknown[]) => unknown };
      const query = pool.query;
      for (const [url, cookie] of pages) {
        let n = 0;
        pool.query = (...args: unknown[]) => {
          n++;
          return query.apply(t.pool, args);
        };
        try {
          expect((await t.request({ url, cookie })).statusCode, url).toBe(200);
        } finally {
          pool.query = query;
        }
        counts.push(n);
      }
      return counts;
    };
    // Once the writes above have been announced and the pages read again, nothing is sent.
    const none = (counts: number[]) => counts.every((n) => n === 0);
    expect(await eventually(sent, none)).toEqual([0, 0, 0, 0, 0]);
    // Her own reaction: her pages are asked afresh, then kept again.
    const put = await t.request({
      method: 'PUT',
      url: `/api/v1/posts/${ask.id}/reactions/heart`,
      cookie: anaCookie,
    });
    expect(put.statusCode).toBeLessThan(300);
    expect((await sent()).every((n) => n > 0)).toBe(true);
    expect(await eventually(sent, none)).toEqual([0, 0, 0, 0, 0]);
  });

  it('is forgotten for a person the moment they change anything, whatever the route', async () => {
    const { group, owner } = await makeGroup(t.deps, {
      visibility: 'listed',
      joinPolicy: 'invite',
    });
    const ben = await makeUser(t.deps);
    const benCookie = await signIn(t.deps, ben);
    const feed = async () =>
      (await t.request({ url: `/api/v1/groups/${group.slug}/posts`, cookie: benCookie }))
        .statusCode;
    const { token } = (
      await t.request({
        method: 'POST',
        url: `/api/v1/groups/${group.slug}/invites`,
        cookie: await signIn(t.deps, owner),
        payload: {},
      })
    ).json();
    expect([await feed(), await feed()]).toEqual([403, 403]);
    // With the memberships trigger off, nothing announces his joining: only this instance's
    // forgetting what he may read lets him in at once.
    await t.db.execute(sql`ALTER TABLE memberships DISABLE TRIGGER memberships_changed`);
    try {
      const accepted = await t.request({
        method: 'POST',
        url: '/api/v1/invites/accept',
        cookie: benCookie,
        payload: { token },
      });
      expect(accepted.statusCode).toBe(200);
      expect(await feed()).toBe(200);
    } finally {
      await t.db.execute(sql`ALTER TABLE memberships ENABLE TRIGGER memberships_changed`);
    }
  });

  it('looks a slug up afresh when it has come to name another group', async () => {
    const first = await makeGroup(t.deps);
    const cookie = await signIn(t.deps, first.owner);
    const slug = first.group.slug;
    const name = async () =>
      (await t.request({ url: `/api/v1/groups/${slug}/posts.txt`, cookie })).body.split('\n')[0] ??
      '';
    expect(await name()).toContain(first.group.name);
    expect(await name()).toContain(first.group.name);
    // The slug moves to another group: what is read is that group's, and stays its own (a
    // change to it shows, though the first group's pages were what the slug was kept under).
    await t.db
      .update(groups)
      .set({ slug: `${slug}-old` })
      .where(eq(groups.id, first.group.id));
    const second = await makeGroup(t.deps, { slug, owner: first.owner });
    expect(await eventually(name, (line) => line.includes(second.group.name))).toContain(
      second.group.name,
    );
    await t.db.update(groups).set({ name: 'Renamed' }).where(eq(groups.id, second.group.id));
    expect(await eventually(name, (line) => line.includes('Renamed'))).toContain('Renamed');
  });
});

describe('signed-in sessions kept in memory', () => {
  it('end or change for every request the moment anything ends or changes them', async () => {
    const ana = await makeUser(t.deps, { displayName: 'Ana' });
    const me = async (cookie: string) => t.request({ url: '/api/v1/me', cookie });
    const name = async (cookie: string) => (await me(cookie)).json().displayName as string;
    /** The status once the session is seen to end (or still 200 after a few seconds). */
    const endedFor = async (cookie: string) =>
      (
        await eventually(
          () => me(cookie),
          (response) => response.statusCode === 401,
        )
      ).statusCode;
    const cookie = await signIn(t.deps, ana);
    expect(await name(cookie)).toBe('Ana');

    // A change no trigger announces (replication mode) is not seen: the session was kept.
    const unannounced = (displayName: string) =>
      t.db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL session_replication_role = replica`);
        await tx.update(users).set({ displayName }).where(eq(users.id, ana.id));
      });
    await unannounced('Unheard');
    expect(await name(cookie)).toBe('Ana');

    // Any change to the person, from any connection, is.
    await t.db.update(users).set({ displayName: 'Ana B' }).where(eq(users.id, ana.id));
    expect(
      await eventually(
        () => name(cookie),
        (value) => value === 'Ana B',
      ),
    ).toBe('Ana B');

    // Their own change through the API shows on their very next request.
    const renamed = await t.request({
      method: 'PATCH',
      url: '/api/v1/me',
      cookie,
      payload: { displayName: 'Ana C' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(await name(cookie)).toBe('Ana C');

    // Signing out ends the session at once; so does a session deleted by anyone else.
    const other = await signIn(t.deps, ana);
    expect((await me(other)).statusCode).toBe(200);
    const out = await t.request({ method: 'POST', url: '/api/v1/auth/sign-out', cookie: other });
    expect(out.statusCode).toBeLessThan(300);
    expect((await me(other)).statusCode).toBe(401);
    expect((await me(cookie)).statusCode).toBe(200);
    await t.db.delete(sessions).where(eq(sessions.userId, ana.id));
    expect(await endedFor(cookie)).toBe(401);

    // A disabled account's sessions end everywhere.
    const again = await signIn(t.deps, ana);
    expect((await me(again)).statusCode).toBe(200);
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, ana.id));
    expect(await endedFor(again)).toBe(401);
  });
});

describe('access tokens kept in memory', () => {
  it('stop working the moment they are revoked, from any connection', async () => {
    const ana = await makeUser(t.deps, { displayName: 'Ana' });
    const { token } = await makeAccessToken(t.deps, ana);
    const me = async () =>
      (await t.request({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } }))
        .statusCode;
    expect(await me()).toBe(200); // records when it was first used, and looks it up again
    expect(await me()).toBe(200);
    const revoke = (db: Pick<typeof t.db, 'update'>) =>
      db.update(accessTokens).set({ revokedAt: new Date() }).where(eq(accessTokens.userId, ana.id));
    // Revoked with no trigger firing (replication mode): the token was kept, so still works.
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await revoke(tx);
    });
    expect(await me()).toBe(200);
    await t.db.update(accessTokens).set({ revokedAt: null }).where(eq(accessTokens.userId, ana.id));
    await revoke(t.db);
    expect(await eventually(me, (status) => status === 401)).toBe(401);
  });
});

describe('createSessionCache', () => {
  it('keeps a found session until its person changes, never one looked up across a change', async () => {
    const handlers: Array<(payload: string) => void> = [];
    const listener = {
      live: true,
      on: (channel: string, handler: (payload: string) => void) => {
        expect(channel).toBe(SESSIONS_CHANNEL);
        handlers.push(handler);
      },
      onReset: () => undefined,
      isLive() {
        return this.live;
      },
    };
    const announce = (userId: string) => {
      for (const handler of handlers) handler(userId);
    };
    const cache = createSessionCache<{ userId: string; n: number }>(listener, {
      ttlMs: 60_000,
      maxEntries: 2,
    });
    let loads = 0;
    const load = (userId: string) => async () => ({ userId, n: ++loads });
    expect(await cache.get('s1', load('u1'))).toEqual({ userId: 'u1', n: 1 });
    expect(await cache.get('s1', load('u1'))).toEqual({ userId: 'u1', n: 1 });
    expect(await cache.get('s2', load('u2'))).toEqual({ userId: 'u2', n: 2 });
    announce('u1');
    expect((await cache.get('s1', load('u1')))?.n).toBe(3);
    expect((await cache.get('s2', load('u2')))?.n).toBe(2);
    // Nothing found is not kept; a lookup that overlapped an announcement is not kept.
    expect(await cache.get('s3', async () => undefined)).toBeUndefined();
    expect(cache.size()).toBe(2);
    const racing = cache.get('s4', async () => {
      announce('u9');
      return { userId: 'u4', n: 0 };
    });
    expect((await racing)?.n).toBe(0);
    expect((await cache.get('s4', load('u4')))?.n).toBe(4);
    // At most two kept: the oldest went.
    expect(cache.size()).toBe(2);
    cache.forget('s4');
    expect((await cache.get('s4', load('u4')))?.n).toBe(5);
    listener.live = false;
    expect((await cache.get('s4', load('u4')))?.n).toBe(6);
  });
});

describe('createAccessCache', () => {
  it('keeps a lookup per person, frozen, and forgets one person’s without touching others’', async () => {
    const listener = { on: () => undefined, onReset: () => undefined, isLive: () => true };
    const cache = createAccessCache(listener, { ttlMs: 60_000, maxEntries: 100 });
    let loads = 0;
    const load = (groupId: string) => async () => ({
      group: { id: groupId },
      membership: { n: ++loads },
    });
    const read = async (personId: string | null) =>
      (await cache.get('group a', personId, load('g1')))?.membership.n;
    // The first lookup learns the group; the second is kept; the third is from memory.
    expect([await read('ana'), await read('ana'), await read('ana')]).toEqual([1, 2, 2]);
    expect([await read('ben'), await read('ben')]).toEqual([3, 3]);
    const kept = await cache.get('group a', 'ana', load('g1'));
    expect(Object.isFrozen(kept) && Object.isFrozen(kept?.membership)).toBe(true);
    cache.forgetPerson('ana');
    expect([await read('ana'), await read('ana'), await read('ben')]).toEqual([4, 4, 3]);
    cache.changed('g1');
    expect([await read('ana'), await read(null), await read(null)]).toEqual([5, 6, 6]);
    // Found in another group than the one remembered: answered fresh, and not kept.
    const moved = async () => (await cache.get('group a', 'ana', load('g2')))?.group.id;
    cache.changed('g1');
    expect([await moved(), await moved()]).toEqual(['g2', 'g2']);
    expect(loads).toBe(9);
  });
});

describe('createGroupCache', () => {
  function fakeListener() {
    const handlers: Array<(payload: string) => void> = [];
    const resets: Array<() => void> = [];
    return {
      live: true,
      on(channel: string, handler: (payload: string) => void) {
        expect(channel).toBe(CHANGES_CHANNEL);
        handlers.push(handler);
      },
      onReset: (handler: () => void) => resets.push(handler),
      isLive() {
        return this.live;
      },
      announce: (groupId: string) => {
        for (const handler of handlers) handler(groupId);
      },
      reset: () => {
        for (const handler of resets) handler();
      },
    };
  }

  it('keeps a value per group and key until the group changes, the listener drops or it ages', async () => {
    const listener = fakeListener();
    const cache = createGroupCache(listener, { ttlMs: 60_000, maxEntries: 2 });
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('g1', 'feed', load)).toBe(1);
    expect(await cache.get('g1', 'feed', load)).toBe(1);
    expect(await cache.get('g2', 'feed', load)).toBe(2);
    listener.announce('g2');
    expect(await cache.get('g1', 'feed', load)).toBe(1);
    expect(await cache.get('g2', 'feed', load)).toBe(3);
    listener.reset();
    expect(await cache.get('g1', 'feed', load)).toBe(4);
    listener.live = false;
    expect(await cache.get('g1', 'feed', load)).toBe(5);
    expect(await cache.get('g1', 'feed', load)).toBe(6);
    listener.live = true;
    // Two entries at most: the least recently used goes.
    await cache.get('g1', 'a', load);
    await cache.get('g1', 'b', load);
    await cache.get('g1', 'a', load);
    await cache.get('g1', 'c', load);
    expect(cache.stats().entries).toBe(2);
    const before = loads;
    await cache.get('g1', 'a', load);
    await cache.get('g1', 'b', load);
    expect(loads).toBe(before + 1);

    // What has aged out is dropped, not only replaced: memory holds what was used lately.
    const short = createGroupCache(fakeListener(), { ttlMs: 30, maxEntries: 10 });
    await short.get('g1', 'a', load);
    await short.get('g2', 'b', load);
    expect(short.stats().entries).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await short.get('g3', 'c', load);
    expect(short.stats().entries).toBe(1);

    const aged = createGroupCache(fakeListener(), { ttlMs: 0, maxEntries: 10 });
    expect(await aged.get('g1', 'feed', load)).not.toBe(await aged.get('g1', 'feed', load));
  });

  it('never keeps a load that raced a change, and shares one load between concurrent readers', async () => {
    const listener = fakeListener();
    const cache = createGroupCache(listener, { ttlMs: 60_000, maxEntries: 10 });
    let finish: (value: string) => void = () => undefined;
    const slow = cache.get(
      'g1',
      'feed',
      () =>
        new Promise<string>((resolve) => {
          finish = resolve;
        }),
    );
    const joined = cache.get('g1', 'feed', async () => 'second load');
    listener.announce('g1'); // a write commits while the first load is running
    finish('old');
    expect(await slow).toBe('old');
    expect(await joined).toBe('old');
    expect(await cache.get('g1', 'feed', async () => 'new')).toBe('new');
    await expect(
      cache.get('g1', 'x', async () => Promise.reject(new Error('down'))),
    ).rejects.toThrow();
    expect(await cache.get('g1', 'x', async () => 'retried')).toBe('retried');
  });
});
