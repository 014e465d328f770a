import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { addMember, makeGroup, makeUser, signIn } from '../../../test/support/factories.ts';
import { devOutbox, groupInvites } from '../../db/schema/index.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

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

describe('invite links', () => {
  async function invite(slug: string, cookie: string, body: Record<string, unknown> = {}) {
    return t.request({
      method: 'POST',
      url: `/api/v1/groups/${slug}/invites`,
      cookie,
      payload: body,
    });
  }

  it('let someone see a hidden group’s name and join it, within the uses allowed', async () => {
    const { group, owner } = await makeGroup(t.deps, {
      visibility: 'hidden',
      joinPolicy: 'invite',
    });
    const made = await invite(group.slug, await signIn(t.deps, owner), { maxUses: 1 });
    expect(made.statusCode).toBe(201);
    const { token, url } = made.json();
    expect(url).toBe(`http://localhost:3000/invite#token=${token}`);

    const preview = await t.request({
      method: 'POST',
      url: '/api/v1/invites/preview',
      payload: { token },
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().group).toMatchObject({ slug: group.slug, name: group.name });

    const guest = await person();
    const accepted = await t.request({
      method: 'POST',
      url: '/api/v1/invites/accept',
      cookie: guest.cookie,
      payload: { token },
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().myMembership).toEqual({ status: 'active', role: 'member' });

    const second = await person();
    const usedUp = await t.request({
      method: 'POST',
      url: '/api/v1/invites/accept',
      cookie: second.cookie,
      payload: { token },
    });
    expect(usedUp.statusCode).toBe(410);
    expect(usedUp.json().code).toBe('invite-expired');
  });

  it('stop working when expired or revoked; an unknown token is 404', async () => {
    const { group, owner } = await makeGroup(t.deps, { joinPolicy: 'invite' });
    const cookie = await signIn(t.deps, owner);
    const expiring = (await invite(group.slug, cookie)).json();
    await t.db
      .update(groupInvites)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(groupInvites.id, expiring.id));
    const revoked = (await invite(group.slug, cookie)).json();
    const revoke = await t.request({
      method: 'DELETE',
      url: `/api/v1/groups/${group.slug}/invites/${revoked.id}`,
      cookie,
    });
    expect(revoke.statusCode).toBe(204);
    const guest = await person();
    for (const token of [expiring.token, revoked.token]) {
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/invites/accept',
        cookie: guest.cookie,
        payload: { token },
      });
      expect(response.statusCode).toBe(410);
    }
    const unknown = await t.request({
      method: 'POST',
      url: '/api/v1/invites/preview',
      payload: { token: 'x'.repeat(43) },
    });
    expect(unknown.statusCode).toBe(404);
    const list = await t.request({ url: `/api/v1/groups/${group.slug}/invites`, cookie });
    expect(list.json().items.map((i: { isActive: boolean }) => i.isActive)).toEqual([false, false]);
  });

  it('never skip a ban, and only moderators make them', async () => {
    const { group, owner } = await makeGroup(t.deps, { joinPolicy: 'invite' });
    const { token } = (await invite(group.slug, await signIn(t.deps, owner))).json();
    const banned = await person();
    await addMember(t.deps, group, banned.user, { status: 'banned' });
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/invites/accept',
      cookie: banned.cookie,
      payload: { token },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('banned');

    const member = await person();
    await addMember(t.deps, group, member.user);
    expect((await invite(group.slug, member.cookie)).statusCode).toBe(403);
    expect(
      (await t.request({ url: `/api/v1/groups/${group.slug}/invites`, cookie: member.cookie }))
        .statusCode,
    ).toBe(403);
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
