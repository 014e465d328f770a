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
import { postPrivate, posts, privateReads, rateLimits } from '../../db/schema/index.ts';

const t = useTestApp();

/** A group with an admin, a moderator and a member, each with a session. */
async function team(groupOverrides: Parameters<typeof makeGroup>[1] = {}) {
  const { group, owner } = await makeGroup(t.deps, groupOverrides);
  const moderator = await makeUser(t.deps, { displayName: 'Mo Derator' });
  const member = await makeUser(t.deps, { displayName: 'Mem Ber' });
  await addMember(t.deps, group, moderator, { role: 'moderator' });
  await addMember(t.deps, group, member);
  return {
    group,
    owner,
    moderator,
    member,
    cookies: {
      owner: await signIn(t.deps, owner),
      moderator: await signIn(t.deps, moderator),
      member: await signIn(t.deps, member),
    },
  };
}

const post = (
  slug: string,
  cookie: string,
  payload: object,
  headers: Record<string, string> = {},
) => t.request({ method: 'POST', url: `/api/v1/groups/${slug}/posts`, cookie, payload, headers });

describe('posting', () => {
  it('posts each kind: an ask with private details, an offer, info with a link, a question with a poll', async () => {
    const { group, cookies } = await team();
    const ask = await post(group.slug, cookies.member, {
      kind: 'ask',
      title: 'Prescription pickup from the pharmacy',
      body: 'Can someone collect it?\nIt is ready after 2pm.',
      category: 'prescriptions',
      urgency: 'today',
      peopleCount: 1,
      locationName: 'Fernwood',
      private: {
        address: '12 Hidden Lane',
        phone: '+1 250 555 0142',
        accessNotes: 'Side door',
        point: { latitude: 48.428713, longitude: -123.341295 },
      },
    });
    expect(ask.statusCode).toBe(201);
    const body = ask.json();
    expect(body).toMatchObject({
      kind: 'ask',
      category: 'prescriptions',
      urgency: 'today',
      status: 'open',
      hasPrivate: true,
      canEdit: true,
      author: { displayName: 'Mem Ber' },
    });
    // SAFETY 4: the public point is rounded; the exact one and the address stay private.
    expect(body.location).toEqual({ latitude: 48.43, longitude: -123.34 });
    expect(ask.body).not.toContain('Hidden Lane');
    expect(ask.body).not.toContain('555 0142');
    expect(ask.body).not.toContain('48.428713');
    expect(body.expiresAt).not.toBeNull();

    const offer = await post(group.slug, cookies.member, {
      kind: 'offer',
      title: 'Spare bags of rice',
      category: 'groceries',
      isOngoing: true,
      travelKm: 3,
    });
    expect(offer.json()).toMatchObject({ kind: 'offer', isOngoing: true, travelKm: 3 });

    const info = await post(group.slug, cookies.member, {
      kind: 'info',
      title: 'Food bank open Saturday',
      linkUrl: 'https://foodbank.example/hours',
    });
    expect(info.json().linkUrl).toBe('https://foodbank.example/hours');

    const question = await post(group.slug, cookies.member, {
      kind: 'question',
      title: 'Which evening suits the next meeting?',
      poll: ['Tuesday', 'Wednesday', 'Thursday'],
    });
    expect(question.json().poll.options.map((o: { label: string }) => o.label)).toEqual([
      'Tuesday',
      'Wednesday',
      'Thursday',
    ]);

    // What a new post's reply shows is what reading it back shows.
    for (const made of [ask, offer, info, question]) {
      const again = await t.request({
        url: `/api/v1/posts/${made.json().id}`,
        cookie: cookies.member,
      });
      expect(again.json()).toEqual(made.json());
    }
  });

  it('names each bad field (400)', async () => {
    const { group, cookies } = await team();
    const cases: Array<[object, string]> = [
      [{ kind: 'ask', title: 'Help', urgency: 'today' }, 'category'],
      [{ kind: 'ask', title: 'Help please', category: 'groceries' }, 'urgency'],
      [{ kind: 'offer', title: 'x'.repeat(141), category: 'meals' }, 'title'],
      [{ kind: 'info', title: 'A link', linkUrl: 'javascript:alert(1)' }, 'linkUrl'],
      [{ kind: 'question', title: 'Pick one', poll: ['Only one'] }, 'poll'],
      [{ kind: 'offer', title: 'Bike', category: 'money', private: { address: 'x' } }, 'private'],
      [{ kind: 'ask', title: 'Help please', category: 'jetski', urgency: 'today' }, 'category'],
    ];
    for (const [payload, field] of cases) {
      const response = await post(group.slug, cookies.member, payload);
      expect({ field, status: response.statusCode }).toEqual({ field, status: 400 });
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const notInGroup = await post(group.slug, cookies.member, {
      kind: 'ask',
      title: 'Help with taxes',
      category: 'paperwork',
      urgency: 'flexible',
    });
    expect(notInGroup.statusCode).toBe(400);
    expect(notInGroup.json()).toMatchObject({
      code: 'category-not-in-group',
      errors: [{ field: 'category' }],
    });
  });

  it('is for members: 401 signed out, 404 for a non-member even of a public group', async () => {
    const { group } = await team();
    const payload = { kind: 'info', title: 'Hello there' };
    expect(
      (await t.request({ method: 'POST', url: `/api/v1/groups/${group.slug}/posts`, payload }))
        .statusCode,
    ).toBe(401);
    const stranger = await signIn(t.deps, await makeUser(t.deps));
    const response = await post(group.slug, stranger, payload);
    expect(response.statusCode).toBe(404);
    const pending = await makeUser(t.deps);
    await addMember(t.deps, group, pending, { status: 'pending' });
    expect((await post(group.slug, await signIn(t.deps, pending), payload)).statusCode).toBe(404);
  });

  it('replays a repeated Idempotency-Key and refuses the key with another body (SAFETY 24)', async () => {
    const { group, cookies } = await team();
    const payload = { kind: 'info', title: 'Library reopens' };
    const headers = { 'idempotency-key': 'retry-from-a-flaky-phone-1' };
    const first = await post(group.slug, cookies.member, payload, headers);
    const again = await post(group.slug, cookies.member, payload, headers);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const rows = await t.db.select().from(posts).where(eq(posts.groupId, group.id));
    expect(rows).toHaveLength(1);
    const different = await post(
      group.slug,
      cookies.member,
      { ...payload, title: 'Other' },
      headers,
    );
    expect(different.statusCode).toBe(422);
    // A failed request frees its key.
    const failing = { 'idempotency-key': 'retry-after-a-mistake-2' };
    expect(
      (await post(group.slug, cookies.member, { kind: 'info', title: 'x' }, failing)).statusCode,
    ).toBe(400);
  });

  it('allows each person 60 posts an hour, polls and private asks included; past that 429 and nothing kept', async () => {
    const { group, cookies, member } = await team();
    const ask = (address: string) => ({
      kind: 'ask',
      title: 'Groceries from the corner shop',
      category: 'groceries',
      urgency: 'today',
      private: { address },
    });
    const poll = { kind: 'question', title: 'Which day?', poll: ['Monday', 'Friday'] };
    for (let i = 0; i < 58; i++) {
      const made = await post(group.slug, cookies.member, { kind: 'info', title: `Notice ${i}` });
      expect(made.statusCode).toBe(201);
    }
    expect((await post(group.slug, cookies.member, poll)).statusCode).toBe(201);
    expect((await post(group.slug, cookies.member, ask('1 Within Lane'))).statusCode).toBe(201);

    const limited = await post(group.slug, cookies.member, ask('61 Over-the-limit Lane'));
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'rate-limited' });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect((await post(group.slug, cookies.member, poll)).statusCode).toBe(429);
    const mine = await t.db.select().from(posts).where(eq(posts.authorId, member.id));
    expect(mine).toHaveLength(60);
    const addresses = (await t.db.select().from(postPrivate)).map((row) => row.address);
    expect(addresses).toContain('1 Within Lane');
    expect(addresses).not.toContain('61 Over-the-limit Lane');

    // The limit is the person's: the moderator posts as usual.
    expect((await post(group.slug, cookies.moderator, poll)).statusCode).toBe(201);
    // Once the hour is over, the member may post again.
    await t.db
      .update(rateLimits)
      .set({ resetAt: new Date(Date.now() - 1000) })
      .where(eq(rateLimits.key, `post-create:${member.id}`));
    expect((await post(group.slug, cookies.member, ask('2 Next Hour Road'))).statusCode).toBe(201);
  });

  it('lets any member post for a neighbour without an account, unless the group keeps it to moderators', async () => {
    const { group, cookies } = await team();
    const payload = {
      kind: 'ask',
      title: 'Weekly shopping for a neighbour',
      category: 'groceries',
      urgency: 'this-week',
      onBehalfOf: { name: 'Mrs Asha Patel', phone: '+1 250 555 0199' },
      private: { address: '4 Quiet Road' },
    };
    const asMember = await post(group.slug, cookies.member, payload);
    expect(asMember.statusCode).toBe(201);
    expect(asMember.json()).toMatchObject({ isOnBehalf: true, canEdit: true, hasPrivate: true });
    expect(asMember.body).not.toContain('Patel');
    const record = await t.request({
      url: `/api/v1/posts/${asMember.json().id}/private`,
      cookie: cookies.member,
    });
    expect(record.json()).toMatchObject({
      neighbourName: 'Mrs Asha Patel',
      phone: '+1 250 555 0199',
      address: '4 Quiet Road',
    });
    // The group keeps it to moderators.
    const changed = await t.request({
      method: 'PATCH',
      url: `/api/v1/groups/${group.slug}`,
      cookie: cookies.owner,
      payload: { onBehalfBy: 'moderators' },
    });
    expect(changed.json()).toMatchObject({ onBehalfBy: 'moderators' });
    const refused = await post(group.slug, cookies.member, payload);
    expect(refused.statusCode).toBe(403);
    const asModerator = await post(group.slug, cookies.moderator, payload);
    expect(asModerator.statusCode).toBe(201);
  });
});

describe('the private record (SAFETY 1 and 6)', () => {
  it('is for the asker and the group’s moderators; everyone else gets the 404 of a missing post', async () => {
    const { group, member, cookies } = await team();
    const ask = await makePost(t.deps, {
      group,
      author: member,
      input: {
        private: {
          address: '9 Secret Street',
          phone: null,
          accessNotes: null,
          contactPreference: null,
          point: null,
        },
      },
    });
    const url = `/api/v1/posts/${ask.id}/private`;
    const asker = await t.request({ url, cookie: cookies.member });
    expect(asker.json().address).toBe('9 Secret Street');
    expect(
      await t.db.select().from(privateReads).where(eq(privateReads.postId, ask.id)),
    ).toHaveLength(0);

    const asModerator = await t.request({ url, cookie: cookies.moderator });
    expect(asModerator.statusCode).toBe(200);
    const audit = await t.db.select().from(privateReads).where(eq(privateReads.postId, ask.id));
    expect(audit).toHaveLength(1);
    expect(Object.keys(audit[0]!).sort()).toEqual(['id', 'postId', 'readAt', 'readerId']);

    const otherMember = await makeUser(t.deps);
    await addMember(t.deps, group, otherMember);
    const elsewhere = await makeGroup(t.deps);
    const missing = await t.request({
      url: '/api/v1/posts/00000000-0000-4000-8000-000000000000/private',
      cookie: cookies.member,
    });
    for (const cookie of [
      await signIn(t.deps, otherMember),
      await signIn(t.deps, elsewhere.owner),
      await signIn(t.deps, await makeUser(t.deps)),
    ]) {
      const response = await t.request({ url, cookie });
      expect(response.statusCode).toBe(404);
      expect(response.body).toBe(missing.body);
    }
    expect((await t.request({ url })).statusCode).toBe(401);
  });
});

describe('editing, closing and moderating', () => {
  it('lets authors edit (kind and group never change) and delete; others get 404', async () => {
    const { group, member, moderator, cookies } = await team();
    const ask = await makePost(t.deps, { group, author: member });
    const edited = await t.request({
      method: 'PATCH',
      url: `/api/v1/posts/${ask.id}`,
      cookie: cookies.member,
      payload: {
        title: 'Groceries for two, please',
        kind: 'offer',
        groupId: 'x',
        authorId: moderator.id,
      },
    });
    expect(edited.statusCode).toBe(200);
    const noCategory = await t.request({
      method: 'PATCH',
      url: `/api/v1/posts/${ask.id}`,
      cookie: cookies.member,
      payload: { category: null },
    });
    expect(noCategory.statusCode).toBe(400);
    expect(noCategory.json().errors[0].field).toBe('category');
    // Only what the edit names changes: the rest of the ask stays as it was.
    expect(edited.json()).toMatchObject({
      urgency: ask.urgency,
      category: ask.category,
      body: ask.body,
    });
    expect(edited.json()).toMatchObject({
      title: 'Groceries for two, please',
      kind: 'ask',
      isEdited: true,
      author: { id: member.id },
    });
    for (const cookie of [cookies.moderator, cookies.owner]) {
      const notYours = await t.request({
        method: 'PATCH',
        url: `/api/v1/posts/${ask.id}`,
        cookie,
        payload: { title: 'Mine now' },
      });
      expect(notYours.statusCode).toBe(404);
      expect(
        (await t.request({ method: 'DELETE', url: `/api/v1/posts/${ask.id}`, cookie })).statusCode,
      ).toBe(404);
    }
    expect(
      (
        await t.request({
          method: 'DELETE',
          url: `/api/v1/posts/${ask.id}`,
          cookie: cookies.member,
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (await t.request({ url: `/api/v1/posts/${ask.id}`, cookie: cookies.member })).statusCode,
    ).toBe(404);
  });

  it('closes, expires and renews asks', async () => {
    const { group, member, cookies } = await team();
    const ask = await makePost(t.deps, { group, author: member });
    const closed = await t.request({
      method: 'POST',
      url: `/api/v1/posts/${ask.id}/close`,
      cookie: cookies.member,
      payload: { reason: 'fulfilled' },
    });
    expect(closed.json()).toMatchObject({ status: 'closed', closedReason: 'fulfilled' });

    const old = await makePost(t.deps, { group, author: member });
    await t.db
      .update(posts)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(posts.id, old.id));
    const expired = await t.request({ url: `/api/v1/posts/${old.id}`, cookie: cookies.member });
    expect(expired.json()).toMatchObject({ status: 'closed', closedReason: 'expired' });
    const renewed = await t.request({
      method: 'POST',
      url: `/api/v1/posts/${old.id}/renew`,
      cookie: cookies.member,
    });
    expect(renewed.json().status).toBe('open');
    expect(new Date(renewed.json().expiresAt).getTime()).toBeGreaterThan(
      Date.now() + 13 * 86_400_000,
    );
    const badReason = await t.request({
      method: 'POST',
      url: `/api/v1/posts/${old.id}/close`,
      cookie: cookies.member,
      payload: { reason: 'bored' },
    });
    expect(badReason.statusCode).toBe(400);
  });

  it('lets moderators pin and remove with a reason; members cannot (403)', async () => {
    const { group, member, cookies } = await team();
    const first = await makePost(t.deps, { group, author: member });
    const second = await makePost(t.deps, { group, author: member });
    const asMember = await t.request({
      method: 'POST',
      url: `/api/v1/posts/${first.id}/pin`,
      cookie: cookies.member,
      payload: { isPinned: true },
    });
    expect(asMember.statusCode).toBe(403);
    const pinned = await t.request({
      method: 'POST',
      url: `/api/v1/posts/${first.id}/pin`,
      cookie: cookies.moderator,
      payload: { isPinned: true },
    });
    expect(pinned.json().isPinned).toBe(true);
    const feed = await t.request({
      url: `/api/v1/groups/${group.slug}/posts`,
      cookie: cookies.member,
    });
    expect(feed.json().items.map((p: { id: string }) => p.id)).toEqual([first.id, second.id]);

    const noReason = await t.request({
      method: 'POST',
      url: `/api/v1/posts/${second.id}/remove`,
      cookie: cookies.moderator,
      payload: { reason: '' },
    });
    expect(noReason.statusCode).toBe(400);
    const removed = await t.request({
      method: 'POST',
      url: `/api/v1/posts/${second.id}/remove`,
      cookie: cookies.moderator,
      payload: { reason: 'Selling, not mutual aid' },
    });
    expect(removed.statusCode).toBe(204);
    expect(
      (await t.request({ url: `/api/v1/posts/${second.id}`, cookie: cookies.member })).statusCode,
    ).toBe(404);
    const after = await t.request({
      url: `/api/v1/groups/${group.slug}/posts`,
      cookie: cookies.member,
    });
    expect(after.json().items.map((p: { id: string }) => p.id)).toEqual([first.id]);
  });

  it('holds posts from recently joined members until a moderator releases them', async () => {
    const { group, moderator, cookies } = await team({ holdNewMembersDays: 7 });
    const newcomer = await makeUser(t.deps);
    await addMember(t.deps, group, newcomer);
    const cookie = await signIn(t.deps, newcomer);
    const held = await post(group.slug, cookie, { kind: 'info', title: 'Hello from a newcomer' });
    expect(held.json().isHeld).toBe(true);
    const id = held.json().id;
    expect(
      (await t.request({ url: `/api/v1/posts/${id}`, cookie: cookies.member })).statusCode,
    ).toBe(404);
    const memberFeed = await t.request({
      url: `/api/v1/groups/${group.slug}/posts`,
      cookie: cookies.member,
    });
    expect(memberFeed.json().items).toEqual([]);
    expect((await t.request({ url: `/api/v1/posts/${id}`, cookie })).statusCode).toBe(200);
    const moderatorFeed = await t.request({
      url: `/api/v1/groups/${group.slug}/posts`,
      cookie: cookies.moderator,
    });
    expect(moderatorFeed.json().items.map((p: { id: string }) => p.id)).toEqual([id]);
    const released = await t.request({
      method: 'POST',
      url: `/api/v1/posts/${id}/release`,
      cookie: cookies.moderator,
    });
    expect(released.json().isHeld).toBe(false);
    expect(
      (await t.request({ url: `/api/v1/posts/${id}`, cookie: cookies.member })).statusCode,
    ).toBe(200);
    expect(moderator.id).toBeDefined();
  });
});
