import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/support/app.ts';
import { addMember, makeGroup, makePost, makeUser } from '../../test/support/factories.ts';
import { withCompiledMapper } from './rows.ts';
import { groups, memberships, posts, users } from './schema/index.ts';

const t = useTestApp();

describe('withCompiledMapper', () => {
  it('maps rows exactly as drizzle does: nested objects, decoders, a left join with no row', async () => {
    const { group, owner } = await makeGroup(t.deps);
    const member = await makeUser(t.deps, { displayName: 'Row Reader' });
    await addMember(t.deps, group, member, { role: 'moderator' });
    const stranger = await makeUser(t.deps);
    await makePost(t.deps, { group, author: owner });
    await makePost(t.deps, { group, author: member });

    // Tables as objects, a left-joined table (null without a row), a column from another
    // table inside an object, SQL with and without a decoder, timestamps (decoded to Date).
    const query = (name: string) =>
      t.db
        .select({
          group: groups,
          membership: memberships,
          post: { id: posts.id, createdAt: posts.createdAt, authorName: users.displayName },
          postCount:
            sql<number>`(SELECT count(*) FROM posts p WHERE p.group_id = ${groups.id})`.mapWith(
              Number,
            ),
          asText: sql<string>`${groups.createdAt}::text`,
        })
        .from(groups)
        .innerJoin(posts, eq(posts.groupId, groups.id))
        .innerJoin(users, eq(users.id, posts.authorId))
        .leftJoin(
          memberships,
          and(
            eq(memberships.groupId, groups.id),
            eq(memberships.userId, sql.placeholder('userId')),
          ),
        )
        .where(eq(groups.id, sql.placeholder('groupId')))
        .orderBy(posts.createdAt)
        .prepare(name);
    const drizzles = query('rows_test_drizzle');
    const ours = withCompiledMapper(query('rows_test_ours'));

    for (const userId of [member.id, stranger.id]) {
      const expected = await drizzles.execute({ userId, groupId: group.id });
      const actual = await ours.execute({ userId, groupId: group.id });
      expect(actual).toEqual(expected);
      expect(actual).toHaveLength(2);
      expect(actual[0]!.group.createdAt).toBeInstanceOf(Date);
      expect(actual[0]!.post.createdAt).toBeInstanceOf(Date);
      expect(typeof actual[0]!.postCount).toBe('number');
    }
    const [withMembership] = await ours.execute({ userId: member.id, groupId: group.id });
    expect(withMembership!.membership).toMatchObject({ userId: member.id, role: 'moderator' });
    const [without] = await ours.execute({ userId: stranger.id, groupId: group.id });
    expect(without!.membership).toBeNull();
    expect(without!.post.authorName).toBeTruthy();
  });

  it('refuses what is not a prepared select', () => {
    expect(() => withCompiledMapper({})).toThrow(/prepared select/);
    const deletion = t.db.delete(groups).where(sql`false`).prepare('rows_test_delete');
    expect(() => withCompiledMapper(deletion)).toThrow(/prepared select/);
  });
});
