import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import { noteGroup } from '../../cache/noted-groups.ts';
import type { Db, Tx } from '../../db/client.ts';
import { withCompiledMapper } from '../../db/rows.ts';
import {
  groups,
  memberships,
  pollOptions,
  postPrivate,
  posts,
  privateReads,
} from '../../db/schema/index.ts';

type Conn = Db | Tx;

import type { NewPost, Post, PrivateRow } from './types.ts';

export type { NewPost, Post, PrivateRow } from './types.ts';

/** A post's columns as the server reads them: all but `search` (see the Post type). */
const { search: _search, ...postColumnsWithoutSearch } = getTableColumns(posts);
export const postColumns = postColumnsWithoutSearch;

export async function insertPost(db: Conn, values: NewPost): Promise<Post> {
  const [post] = await db.insert(posts).values(values).returning(postColumns);
  return post!;
}

function postInGroupQuery(db: Db) {
  const reader = sql.placeholder('userId');
  const query = db
    .select({
      post: postColumns,
      group: groups,
      membership: memberships,
      // What the reader has done on it, for its page: in the same round trip.
      mine: sql<Array<{ what: string; value: string }>>`(
        SELECT coalesce(json_agg(json_build_object('what', x.what, 'value', x.value)), '[]'::json)
        FROM (
          SELECT 'reaction' AS what, r.kind::text AS value FROM reactions r
            WHERE r.post_id = ${posts.id} AND r.user_id = ${reader}::uuid
          UNION ALL
          SELECT 'vote', v.option_id::text FROM poll_votes v
            WHERE v.post_id = ${posts.id} AND v.user_id = ${reader}::uuid
          UNION ALL
          SELECT 'response', s.status::text FROM responses s
            WHERE s.post_id = ${posts.id} AND s.responder_id = ${reader}::uuid
        ) x)`,
    })
    .from(posts)
    .innerJoin(groups, eq(groups.id, posts.groupId))
    .leftJoin(
      memberships,
      and(
        eq(memberships.groupId, posts.groupId),
        eq(memberships.userId, sql.placeholder('userId')),
      ),
    )
    .where(eq(posts.id, sql.placeholder('id')))
    .prepare('post_in_group');
  return withCompiledMapper(query);
}
const postInGroupQueries = new WeakMap<Db, ReturnType<typeof postInGroupQuery>>();

/**
 * A post, its group, one person's membership of that group and what they have done on the post
 * (reactions, vote, response), in one named statement.
 */
export async function findPostInGroup(db: Db, id: string, userId: string | null) {
  let query = postInGroupQueries.get(db);
  if (!query) {
    query = postInGroupQuery(db);
    postInGroupQueries.set(db, query);
  }
  const [row] = await query.execute({
    id,
    userId: userId ?? '00000000-0000-0000-0000-000000000000',
  });
  if (row) noteGroup(row.group.id);
  return row
    ? { post: row.post, group: row.group, membership: row.membership ?? undefined, mine: row.mine }
    : undefined;
}

export async function updatePost(db: Conn, id: string, values: Partial<NewPost>): Promise<Post> {
  const [post] = await db
    .update(posts)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(posts.id, id))
    .returning(postColumns);
  return post!;
}

export async function deletePost(db: Conn, id: string) {
  await db.delete(posts).where(eq(posts.id, id));
}

export async function upsertPrivate(db: Conn, values: typeof postPrivate.$inferInsert) {
  await db
    .insert(postPrivate)
    .values(values)
    .onConflictDoUpdate({ target: postPrivate.postId, set: { ...values, updatedAt: sql`now()` } });
}

export async function findPrivate(db: Conn, postId: string): Promise<PrivateRow | undefined> {
  const [row] = await db.select().from(postPrivate).where(eq(postPrivate.postId, postId));
  return row;
}

/** The private record and the helper of the post's live match, who may read it, in one query. */
export async function findPrivateAndHelper(db: Conn, postId: string) {
  const [found] = await db
    .select({
      row: postPrivate,
      liveHelperId: sql<string | null>`(SELECT m.helper_id FROM matches m
        WHERE m.post_id = ${postId} AND m.status IN ('accepted', 'done'))`,
    })
    .from(postPrivate)
    .where(eq(postPrivate.postId, postId));
  return found;
}

export async function auditPrivateRead(db: Conn, postId: string, readerId: string) {
  await db.insert(privateReads).values({ postId, readerId });
}

export async function insertPollOptions(db: Conn, postId: string, labels: string[]) {
  if (labels.length === 0) return;
  await db
    .insert(pollOptions)
    .values(labels.map((label, position) => ({ postId, position, label })));
}
