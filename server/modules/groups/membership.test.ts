import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/support/app.ts';
import { addMember, makeGroup, makeUser, signIn } from '../../../test/support/factories.ts';
import { devOutbox } from '../../db/schema/index.ts';

const t = useTestApp();

async function person() {
  const user = await makeUser(t.deps);
  return { user, cookie: await signIn(t.deps, user) };
}

describe('joining', () => {
  it('joins an open group at once', async () => {
    const { group } = await makeGroup(t.deps, { joinPolicy: 'open' });
    const me = await person();
    const response = await t.request({
      method: 'POST',
      url: `/api/v1/groups/${group.slug}/join`,
      cookie: me.cookie,
      payload: {},
    });
    expect(response.json()).toEqual({ myMembership: { status: 'active', role: 'member' } });
  });

  it('asks for an answer to each join question, then waits for a moderator', async () => {
    const { group } = await makeGroup(t.deps, {
      joinPolicy: 'approval',
      joinQuestions: ['Which street?', 'Anything else?'],
    });
    const me = await person();
    const unanswered = await t.request({
      method: 'POST',
      url: `/api/v1/groups/${group.slug}/join`,
      cookie: me.cookie,
      payload: { answers: ['Fernwood Road'] },
    });
    expect(unanswered.statusCode).toBe(400);
    expect(unanswered.json().errors).toEqual([expect.objectContaining({ field: 'answers.1' })]);
    const asked = await t.request({
      method: 'POST',
      url: `/api/v1/groups/${group.slug}/join`,
      cookie: me.cookie,
      payload: { answers: ['Fernwood Road', 'I have a car'] },
    });
    expect(asked.json().myMembership).toEqual({ status: 'pending', role: 'member' });
    const page = await t.request({ url: `/api/v1/groups/${group.slug}`, cookie: me.cookie });
    expect(page.json()).toMatchObject({ canSeeInside: true, myMembership: { status: 'pending' } });
  });

  it('tells the group’s moderators of a request to join, and nobody else', async () => {
    const { group, owner } = await makeGroup(t.deps, { joinPolicy: 'approval' });
    const moderator = await makeUser(t.deps);
    const member = await makeUser(t.deps);
    await addMember(t.deps, group, moderator, { role: 'moderator' });
    await addMember(t.deps, group, member);
    const me = await person();
    await t.request({
      method: 'POST',
      url: `/api/v1/groups/${group.slug}/join`,
      cookie: me.cookie,
      payload: {},
    });
    const latest = async (user: { id: string }) =>
      (await t.request({ url: '/api/v1/notifications', cookie: await signIn(t.deps, user) })).json()
        .items[0];
    for (const told of [owner, moderator]) {
      expect(await latest(told)).toMatchObject({
        kind: 'join-request',
        actorName: me.user.displayName,
        group: { slug: group.slug, name: group.name },
        postId: null,
      });
    }
    expect(await latest(member)).toBeUndefined();
    expect(await latest(me.user)).toBeUndefined();
    // The moderators' list says how many wait.
    const list = await t.request({
      url: `/api/v1/groups/${group.slug}/members?status=pending`,
      cookie: await signIn(t.deps, owner),
    });
    expect(list.json().counts).toEqual({ active: 3, pending: 1, banned: 0 });
  });

  it('refuses invite-only groups without an invite (403)', async () => {
    const { group } = await makeGroup(t.deps, { joinPolicy: 'invite' });
    const me = await person();
    const response = await t.request({
      method: 'POST',
      url: `/api/v1/groups/${group.slug}/join`,
      cookie: me.cookie,
      payload: {},
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('invite-only');
  });
});

describe('approving requests', () => {
  it('shows moderators the answers; approves one and declines another with a message, by email', async () => {
    const { group, owner } = await makeGroup(t.deps, {
      joinPolicy: 'approval',
      joinQuestions: ['Which street?'],
    });
    const moderator = await person();
    await addMember(t.deps, group, moderator.user, { role: 'moderator' });
    const alice = await person();
    const bob = await person();
    for (const [who, answer] of [
      [alice, 'Cook Street'],
      [bob, 'Far away'],
    ] as const) {
      await t.request({
        method: 'POST',
        url: `/api/v1/groups/${group.slug}/join`,
        cookie: who.cookie,
        payload: { answers: [answer] },
      });
    }
    const pending = await t.request({
      url: `/api/v1/groups/${group.slug}/members?status=pending`,
      cookie: moderator.cookie,
    });
    expect(pending.statusCode).toBe(200);
    const aliceRow = pending
      .json()
      .items.find((m: { userId: string }) => m.userId === alice.user.id);
    expect(aliceRow.joinAnswers).toEqual([{ question: 'Which street?', answer: 'Cook Street' }]);

    const approve = await t.request({
      method: 'POST',
      url: `/api/v1/groups/${group.slug}/members/${alice.user.id}/approve`,
      cookie: moderator.cookie,
      payload: {},
    });
    expect(approve.statusCode).toBe(204);
    const decline = await t.request({
      method: 'POST',
      url: `/api/v1/groups/${group.slug}/members/${bob.user.id}/decline`,
      cookie: moderator.cookie,
      payload: { message: 'We only cover Fernwood; try the Saanich group.' },
    });
    expect(decline.statusCode).toBe(204);

    const alicePage = await t.request({
      url: `/api/v1/groups/${group.slug}`,
      cookie: alice.cookie,
    });
    expect(alicePage.json().myMembership).toEqual({ status: 'active', role: 'member' });
    const bobPage = await t.request({ url: `/api/v1/groups/${group.slug}`, cookie: bob.cookie });
    expect(bobPage.json().myMembership).toBeNull();

    const mail = await waitForMail(bob.user.email);
    expect(mail.subject).toBe('An update about your request on Kindred');
    expect(mail.subject).not.toContain(group.name);
    expect(mail.text).toContain('try the Saanich group');
    expect(owner.id).toBeDefined();
  });

  it('refuses members (403), and moderators of another group get nothing here (SAFETY 5)', async () => {
    const { group } = await makeGroup(t.deps, { joinPolicy: 'approval', joinQuestions: [] });
    const hidden = await makeGroup(t.deps, { visibility: 'hidden', joinPolicy: 'approval' });
    const asker = await person();
    await addMember(t.deps, group, asker.user, { status: 'pending' });
    await addMember(t.deps, hidden.group, asker.user, { status: 'pending' });
    const member = await person();
    await addMember(t.deps, group, member.user);
    const elsewhere = await person();
    const theirs = await makeGroup(t.deps, { owner: elsewhere.user });
    expect(theirs.group.id).toBeDefined();

    const asMember = await t.request({
      method: 'POST',
      url: `/api/v1/groups/${group.slug}/members/${asker.user.id}/approve`,
      cookie: member.cookie,
      payload: {},
    });
    expect(asMember.statusCode).toBe(403);
    const asOtherAdmin = await t.request({
      method: 'POST',
      url: `/api/v1/groups/${group.slug}/members/${asker.user.id}/approve`,
      cookie: elsewhere.cookie,
      payload: {},
    });
    expect(asOtherAdmin.statusCode).toBe(403);
    const inHidden = await t.request({
      method: 'POST',
      url: `/api/v1/groups/${hidden.group.slug}/members/${asker.user.id}/approve`,
      cookie: elsewhere.cookie,
      payload: {},
    });
    expect(inHidden.statusCode).toBe(404);
  });
});

async function waitForMail(email: string) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const [row] = await t.db.select().from(devOutbox).where(eq(devOutbox.to, email));
    if (row) return row;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no mail to ${email}`);
}

describe('the member list', () => {
  it('shows members names and roles only; moderators also answers and dates; search by name', async () => {
    const { group, owner } = await makeGroup(t.deps);
    const ana = await makeUser(t.deps, { displayName: 'Ana Lima' });
    const ben = await makeUser(t.deps, { displayName: 'Ben Okafor' });
    await addMember(t.deps, group, ana);
    await addMember(t.deps, group, ben);
    const asMember = await t.request({
      url: `/api/v1/groups/${group.slug}/members`,
      cookie: await signIn(t.deps, ana),
    });
    expect(asMember.statusCode).toBe(200);
    for (const item of asMember.json().items) {
      expect(Object.keys(item).sort()).toEqual(['displayName', 'role', 'status', 'userId']);
    }
    const asAdmin = await t.request({
      url: `/api/v1/groups/${group.slug}/members?q=okaf`,
      cookie: await signIn(t.deps, owner),
    });
    expect(asAdmin.json().items).toHaveLength(1);
    // Nobody's email address is in a member list, not even for moderators (SAFETY 2).
    const everyone = await t.request({
      url: `/api/v1/groups/${group.slug}/members`,
      cookie: await signIn(t.deps, owner),
    });
    for (const person of [ana, ben, owner]) expect(everyone.body).not.toContain(person.email);
    expect(asAdmin.json().items[0]).toMatchObject({
      displayName: 'Ben Okafor',
      joinAnswers: [],
      joinedAt: expect.any(String),
    });
    const pendingAsMember = await t.request({
      url: `/api/v1/groups/${group.slug}/members?status=pending`,
      cookie: await signIn(t.deps, ana),
    });
    expect(pendingAsMember.statusCode).toBe(403);

    // Filters: by role, and (moderators only) by a checked ID.
    const ownerCookie = await signIn(t.deps, owner);
    const names = async (query: string, cookie = ownerCookie) =>
      (await t.request({ url: `/api/v1/groups/${group.slug}/members?${query}`, cookie }))
        .json()
        .items.map((item: { displayName: string }) => item.displayName);
    expect(await names('role=admin')).toEqual([owner.displayName]);
    expect(await names('idChecked=true')).toEqual([]);
    const checked = await t.request({
      method: 'PUT',
      url: `/api/v1/groups/${group.slug}/members/${ben.id}/id-check`,
      cookie: ownerCookie,
      payload: {},
    });
    expect(checked.statusCode).toBeLessThan(300);
    expect(await names('idChecked=true')).toEqual(['Ben Okafor']);
    // A member's list ignores the ID filter and never says who was checked.
    const anaCookie = await signIn(t.deps, ana);
    expect((await names('idChecked=true', anaCookie)).length).toBe(3);
    const asAna = await t.request({
      url: `/api/v1/groups/${group.slug}/members`,
      cookie: anaCookie,
    });
    expect(asAna.body).not.toContain('isIdChecked');
    expect(asAna.json().counts).toBeUndefined();
  });

  it('pages through members with a cursor', async () => {
    const { group, owner } = await makeGroup(t.deps);
    for (let i = 0; i < 5; i++) {
      await addMember(t.deps, group, await makeUser(t.deps, { displayName: `Page ${i}` }));
    }
    const cookie = await signIn(t.deps, owner);
    const seen: string[] = [];
    let url = `/api/v1/groups/${group.slug}/members?limit=2`;
    for (let page = 0; page < 5; page++) {
      const response = await t.request({ url, cookie });
      seen.push(...response.json().items.map((m: { userId: string }) => m.userId));
      const next = response.json().nextCursor;
      if (!next) break;
      url = `/api/v1/groups/${group.slug}/members?limit=2&cursor=${next}`;
    }
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    const bad = await t.request({
      url: `/api/v1/groups/${group.slug}/members?cursor=nonsense`,
      cookie,
    });
    expect(bad.statusCode).toBe(400);
  });

  it('is for members only: 401 signed out, 403 for a non-member or a pending member', async () => {
    const { group } = await makeGroup(t.deps);
    expect((await t.request({ url: `/api/v1/groups/${group.slug}/members` })).statusCode).toBe(401);
    const stranger = await person();
    expect(
      (await t.request({ url: `/api/v1/groups/${group.slug}/members`, cookie: stranger.cookie }))
        .statusCode,
    ).toBe(403);
    await addMember(t.deps, group, stranger.user, { status: 'pending' });
    expect(
      (await t.request({ url: `/api/v1/groups/${group.slug}/members`, cookie: stranger.cookie }))
        .statusCode,
    ).toBe(403);
  });
});

describe('roles, removal, bans and leaving', () => {
  it('lets admins change roles; moderators cannot; the last admin cannot step down', async () => {
    const { group, owner } = await makeGroup(t.deps);
    const ownerCookie = await signIn(t.deps, owner);
    const mod = await person();
    await addMember(t.deps, group, mod.user);
    const promote = await t.request({
      method: 'PATCH',
      url: `/api/v1/groups/${group.slug}/members/${mod.user.id}`,
      cookie: ownerCookie,
      payload: { role: 'moderator' },
    });
    expect(promote.statusCode).toBe(200);
    expect(promote.json().role).toBe('moderator');
    const byModerator = await t.request({
      method: 'PATCH',
      url: `/api/v1/groups/${group.slug}/members/${mod.user.id}`,
      cookie: mod.cookie,
      payload: { role: 'admin' },
    });
    expect(byModerator.statusCode).toBe(403);
    const stepDown = await t.request({
      method: 'PATCH',
      url: `/api/v1/groups/${group.slug}/members/${owner.id}`,
      cookie: ownerCookie,
      payload: { role: 'member' },
    });
    expect(stepDown.statusCode).toBe(409);
    expect(stepDown.json().code).toBe('last-admin');
    const badRole = await t.request({
      method: 'PATCH',
      url: `/api/v1/groups/${group.slug}/members/${mod.user.id}`,
      cookie: ownerCookie,
      payload: { role: 'owner' },
    });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().errors[0].field).toBe('role');
  });

  it('makes the last admin name a successor to leave', async () => {
    const { group, owner } = await makeGroup(t.deps);
    const cookie = await signIn(t.deps, owner);
    const next = await makeUser(t.deps);
    await addMember(t.deps, group, next);
    const alone = await t.request({
      method: 'POST',
      url: `/api/v1/groups/${group.slug}/leave`,
      cookie,
      payload: {},
    });
    expect(alone.statusCode).toBe(409);
    const stranger = await makeUser(t.deps);
    const wrong = await t.request({
      method: 'POST',
      url: `/api/v1/groups/${group.slug}/leave`,
      cookie,
      payload: { newAdminId: stranger.id },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('newAdminId');
    const handOver = await t.request({
      method: 'POST',
      url: `/api/v1/groups/${group.slug}/leave`,
      cookie,
      payload: { newAdminId: next.id },
    });
    expect(handOver.statusCode).toBe(204);
    const page = await t.request({
      url: `/api/v1/groups/${group.slug}`,
      cookie: await signIn(t.deps, next),
    });
    expect(page.json().myMembership).toEqual({ status: 'active', role: 'admin' });
  });

  it('lets members leave; moderators remove members but not admins', async () => {
    const { group, owner } = await makeGroup(t.deps);
    const mod = await person();
    await addMember(t.deps, group, mod.user, { role: 'moderator' });
    const member = await person();
    await addMember(t.deps, group, member.user);
    const removeAdmin = await t.request({
      method: 'DELETE',
      url: `/api/v1/groups/${group.slug}/members/${owner.id}`,
      cookie: mod.cookie,
    });
    expect(removeAdmin.statusCode).toBe(403);
    const remove = await t.request({
      method: 'DELETE',
      url: `/api/v1/groups/${group.slug}/members/${member.user.id}`,
      cookie: mod.cookie,
    });
    expect(remove.statusCode).toBe(204);
    const leave = await t.request({
      method: 'POST',
      url: `/api/v1/groups/${group.slug}/leave`,
      cookie: mod.cookie,
      payload: {},
    });
    expect(leave.statusCode).toBe(204);
  });

  it('bans: the banned cannot rejoin, see inside, or clear the ban by leaving', async () => {
    const { group, owner } = await makeGroup(t.deps, { joinPolicy: 'open' });
    const pod = await makeGroup(t.deps, {
      owner,
      template: 'pod',
      parentSlug: group.slug,
      visibility: 'public',
      joinPolicy: 'invite',
    });
    const troll = await person();
    await addMember(t.deps, group, troll.user);
    const ban = await t.request({
      method: 'POST',
      url: `/api/v1/groups/${group.slug}/members/${troll.user.id}/ban`,
      cookie: await signIn(t.deps, owner),
    });
    expect(ban.statusCode).toBe(204);
    const rejoin = await t.request({
      method: 'POST',
      url: `/api/v1/groups/${group.slug}/join`,
      cookie: troll.cookie,
      payload: {},
    });
    expect(rejoin.statusCode).toBe(403);
    expect(rejoin.json().code).toBe('banned');
    const page = await t.request({ url: `/api/v1/groups/${group.slug}`, cookie: troll.cookie });
    expect(page.json()).toMatchObject({ canSeeInside: false, children: [], myMembership: null });
    const signedOut = await t.request({ url: `/api/v1/groups/${group.slug}` });
    expect(signedOut.json().children.map((c: { slug: string }) => c.slug)).toEqual([
      pod.group.slug,
    ]);
    const leave = await t.request({
      method: 'POST',
      url: `/api/v1/groups/${group.slug}/leave`,
      cookie: troll.cookie,
      payload: {},
    });
    expect(leave.statusCode).toBe(404);
    const members = await t.request({
      url: `/api/v1/groups/${group.slug}/members`,
      cookie: troll.cookie,
    });
    expect(members.statusCode).toBe(403);
  });
});
