// SAFETY 3: when the ask closes or the helper leaves, the helper's access to the address ends.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/support/app.ts';
import {
  addMember,
  makeGroup,
  makePost,
  makeResponse,
  makeUser,
  signIn,
} from '../../../test/support/factories.ts';
import { matches, moderationActions, notifications, responses } from '../../db/schema/index.ts';

const t = useTestApp();

const ADDRESS = '4 Lantern Row';

/** An ask with a private address, its asker and a helper the asker has accepted. */
async function matched() {
  const { group, owner } = await makeGroup(t.deps);
  const asker = await makeUser(t.deps, { displayName: 'Asha' });
  const helper = await makeUser(t.deps, { displayName: 'Hugo' });
  await addMember(t.deps, group, asker);
  await addMember(t.deps, group, helper);
  const ask = await makePost(t.deps, {
    group,
    author: asker,
    input: {
      private: {
        address: ADDRESS,
        phone: null,
        accessNotes: null,
        contactPreference: null,
        point: null,
      },
    },
  });
  const cookies = { asker: await signIn(t.deps, asker), helper: await signIn(t.deps, helper) };
  const response = await t.request({
    method: 'POST',
    url: `/api/v1/posts/${ask.id}/responses`,
    cookie: cookies.helper,
    payload: {},
  });
  const match = await t.request({
    method: 'POST',
    url: `/api/v1/responses/${response.json().id}/accept`,
    cookie: cookies.asker,
    payload: {},
  });
  expect(match.statusCode).toBe(201);
  const readPrivate = () =>
    t.request({ url: `/api/v1/posts/${ask.id}/private`, cookie: cookies.helper });
  expect((await readPrivate()).json().address).toBe(ADDRESS);
  return { group, owner, asker, helper, ask, cookies, matchId: match.json().id, readPrivate };
}

const notificationsOf = (userId: string) =>
  t.db.select().from(notifications).where(eq(notifications.userId, userId));

describe('closing an ask', () => {
  it('ends its live match: the helper loses the address and is told kindly', async () => {
    const s = await matched();
    const closed = await t.request({
      method: 'POST',
      url: `/api/v1/posts/${s.ask.id}/close`,
      cookie: s.cookies.asker,
      payload: { reason: 'not-needed' },
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', match: null });
    expect((await s.readPrivate()).statusCode).toBe(404);
    const [match] = await t.db.select().from(matches).where(eq(matches.id, s.matchId));
    expect(match).toMatchObject({ status: 'closed' });
    expect(match!.endedAt).not.toBeNull();
    const told = await notificationsOf(s.helper.id);
    expect(told.map((n) => n.kind)).toContain('ask-closed');
    const timeline = await t.request({
      url: `/api/v1/matches/${s.matchId}`,
      cookie: s.cookies.asker,
    });
    expect(timeline.json().timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'accepted',
      'closed',
    ]);
  });
});

describe('a helper leaving the group', () => {
  it('ends their live matches there: no address, the asker is told and the ask is open again', async () => {
    const s = await matched();
    // Another ask the helper had offered to help with, still waiting.
    const other = await makePost(t.deps, { group: s.group, author: s.asker });
    await t.request({
      method: 'POST',
      url: `/api/v1/posts/${other.id}/responses`,
      cookie: s.cookies.helper,
      payload: {},
    });
    const left = await t.request({
      method: 'POST',
      url: `/api/v1/groups/${s.group.slug}/leave`,
      cookie: s.cookies.helper,
      payload: {},
    });
    expect(left.statusCode).toBe(204);
    expect((await s.readPrivate()).statusCode).toBe(404);
    const [match] = await t.db.select().from(matches).where(eq(matches.id, s.matchId));
    expect(match).toMatchObject({ status: 'withdrawn' });
    expect((await notificationsOf(s.asker.id)).map((n) => n.kind)).toContain('helper-gone');
    const standing = await t.db
      .select()
      .from(responses)
      .where(and(eq(responses.responderId, s.helper.id), eq(responses.status, 'pending')));
    expect(standing).toHaveLength(0);
    // The ask is open to someone else.
    const post = await t.request({ url: `/api/v1/posts/${s.ask.id}`, cookie: s.cookies.asker });
    expect(post.json()).toMatchObject({ status: 'open', match: null });
    const next = await makeUser(t.deps);
    await addMember(t.deps, s.group, next);
    const again = await t.request({
      method: 'POST',
      url: `/api/v1/posts/${s.ask.id}/responses`,
      cookie: await signIn(t.deps, next),
      payload: {},
    });
    expect(again.statusCode).toBe(201);
  });

  it('removed or banned by a moderator, likewise; and the moderation log says who did it', async () => {
    for (const action of ['remove', 'ban'] as const) {
      const s = await matched();
      const url = `/api/v1/groups/${s.group.slug}/members/${s.helper.id}`;
      const done = await t.request({
        ...(action === 'remove'
          ? { method: 'DELETE', url }
          : { method: 'POST', url: `${url}/ban`, payload: {} }),
        cookie: await signIn(t.deps, s.owner),
      });
      expect(done.statusCode, action).toBeLessThan(300);
      expect((await s.readPrivate()).statusCode).toBe(404);
      const log = await t.db
        .select()
        .from(moderationActions)
        .where(eq(moderationActions.subjectId, s.helper.id));
      expect(log).toMatchObject([
        { actorId: s.owner.id, action: action === 'remove' ? 'remove-member' : 'ban-member' },
      ]);
    }
  });

  it('cannot be chosen afterwards through a response left behind', async () => {
    const { group } = await makeGroup(t.deps);
    const asker = await makeUser(t.deps);
    const helper = await makeUser(t.deps);
    await addMember(t.deps, group, asker);
    await addMember(t.deps, group, helper);
    const ask = await makePost(t.deps, { group, author: asker });
    const response = await t.request({
      method: 'POST',
      url: `/api/v1/posts/${ask.id}/responses`,
      cookie: await signIn(t.deps, helper),
      payload: {},
    });
    await t.request({
      method: 'POST',
      url: `/api/v1/groups/${group.slug}/leave`,
      cookie: await signIn(t.deps, helper),
      payload: {},
    });
    const accepted = await t.request({
      method: 'POST',
      url: `/api/v1/responses/${response.json().id}/accept`,
      cookie: await signIn(t.deps, asker),
      payload: {},
    });
    expect(accepted.statusCode).toBe(409);
  });
});

describe('what others see of an ask being helped', () => {
  it('says someone is helping, not who; the asker sees their open asks with responses waiting', async () => {
    const { group } = await makeGroup(t.deps);
    const asker = await makeUser(t.deps);
    await addMember(t.deps, group, asker);
    const ask = await makePost(t.deps, { group, author: asker });
    const bystander = await makeUser(t.deps);
    await addMember(t.deps, group, bystander);
    const askerCookie = await signIn(t.deps, asker);
    const mine = async () =>
      (await t.request({ url: '/api/v1/me/matches', cookie: askerCookie })).json();
    expect((await mine()).open).toMatchObject([{ post: { id: ask.id }, waiting: 0 }]);
    const { response } = await makeResponse(t.deps, { post: ask });
    expect((await mine()).open).toMatchObject([{ post: { id: ask.id }, waiting: 1 }]);
    const seen = async () =>
      (
        await t.request({ url: `/api/v1/posts/${ask.id}`, cookie: await signIn(t.deps, bystander) })
      ).json();
    expect(await seen()).toMatchObject({ isBeingHelped: false, match: null });
    await t.request({
      method: 'POST',
      url: `/api/v1/responses/${response.id}/accept`,
      cookie: askerCookie,
      payload: {},
    });
    await t.settled();
    expect(await seen()).toMatchObject({ isBeingHelped: true, match: null });
    // Matched: no longer among the open ones (it is in "active").
    const after = await mine();
    expect(after.open).toEqual([]);
    expect(after.active).toHaveLength(1);
  });
});
