import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/support/app.ts';
import { addMember, makeGroup, makeUser, signIn } from '../../../test/support/factories.ts';
import { groupInvites } from '../../db/schema/index.ts';

const t = useTestApp();

async function person() {
  const user = await makeUser(t.deps);
  return { user, cookie: await signIn(t.deps, user) };
}

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
