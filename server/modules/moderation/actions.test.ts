// Moderators' actions on posts: each writes the moderation log with the change, in one transaction.
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
import { moderationActions, notifications } from '../../db/schema/index.ts';

const t = useTestApp();

async function scene(holdNewMembersDays = 7, visibility: 'public' | 'listed' = 'public') {
  const { group, owner } = await makeGroup(t.deps, { holdNewMembersDays, visibility });
  const author = await makeUser(t.deps);
  const moderator = await makeUser(t.deps);
  await addMember(t.deps, group, author);
  await addMember(t.deps, group, moderator, { role: 'moderator' });
  const post = await makePost(t.deps, { group, author });
  return { group, owner, author, moderator, post, cookie: await signIn(t.deps, moderator) };
}

const logOf = (groupId: string) =>
  t.db.select().from(moderationActions).where(eq(moderationActions.groupId, groupId));

describe('moderating a post', () => {
  it('pins, unpins, releases and removes it, and the log says who, what, why and when', async () => {
    const s = await scene();
    expect(s.post.isHeld).toBe(true); // a recently joined member's post waits for review
    const act = (path: string, payload: object = {}) =>
      t.request({
        method: 'POST',
        url: `/api/v1/posts/${s.post.id}/${path}`,
        cookie: s.cookie,
        payload,
      });
    expect((await act('pin', { isPinned: true })).json()).toMatchObject({ isPinned: true });
    expect((await act('pin', { isPinned: false })).json()).toMatchObject({ isPinned: false });
    expect((await act('release')).json()).toMatchObject({ isHeld: false });
    expect((await act('remove', { reason: 'Selling, not sharing' })).statusCode).toBe(204);

    const log = await logOf(s.group.id);
    expect(log.map((row) => row.action)).toEqual(['pin', 'unpin', 'release', 'remove-post']);
    for (const row of log) {
      expect(row).toMatchObject({
        actorId: s.moderator.id,
        postId: s.post.id,
        subjectId: s.author.id,
      });
      expect(row.createdAt).toBeInstanceOf(Date);
    }
    expect(log.at(-1)!.reason).toBe('Selling, not sharing');
    const told = await t.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, s.author.id));
    expect(told.map((n) => n.kind)).toEqual(['removed']);
  });

  it('is refused to members (403) and to moderators of another group (404), and logs nothing', async () => {
    const s = await scene(0, 'listed');
    const member = await makeUser(t.deps);
    await addMember(t.deps, s.group, member);
    const elsewhere = await makeGroup(t.deps);
    const asMember = await t.request({
      method: 'POST',
      url: `/api/v1/posts/${s.post.id}/remove`,
      cookie: await signIn(t.deps, member),
      payload: { reason: 'Not allowed here' },
    });
    expect(asMember.statusCode).toBe(403);
    const asOtherModerator = await t.request({
      method: 'POST',
      url: `/api/v1/posts/${s.post.id}/pin`,
      cookie: await signIn(t.deps, elsewhere.owner),
      payload: { isPinned: true },
    });
    expect(asOtherModerator.statusCode).toBe(404);
    expect(await logOf(s.group.id)).toHaveLength(0);
  });
});

describe('a former member of a public group', () => {
  it('is not offered "Edit" on their old post, and cannot edit it', async () => {
    const { group } = await makeGroup(t.deps, { visibility: 'public' });
    const author = await makeUser(t.deps);
    await addMember(t.deps, group, author);
    const post = await makePost(t.deps, { group, author });
    const cookie = await signIn(t.deps, author);
    expect((await t.request({ url: `/api/v1/posts/${post.id}`, cookie })).json().canEdit).toBe(
      true,
    );
    await t.request({
      method: 'POST',
      url: `/api/v1/groups/${group.slug}/leave`,
      cookie,
      payload: {},
    });
    const shown = await t.request({ url: `/api/v1/posts/${post.id}`, cookie });
    expect(shown.statusCode).toBe(200);
    expect(shown.json().canEdit).toBe(false);
    const edit = await t.request({
      method: 'PATCH',
      url: `/api/v1/posts/${post.id}`,
      cookie,
      payload: { title: 'Changed' },
    });
    expect(edit.statusCode).toBe(404);
  });
});
