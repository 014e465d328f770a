import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import {
  comments,
  pollOptions,
  pollVotes,
  postPrivate,
  posts,
  privateReads,
  reactions,
  users,
} from '../../db/schema/index.ts';

type Conn = Db | Tx;
export type Post = typeof posts.$inferSelect;
export type NewPost = typeof posts.$inferInsert;
export type PrivateRow = typeof postPrivate.$inferSelect;

export async function insertPost(db: Conn, values: NewPost): Promise<Post> {
  const [post] = await db.insert(posts).values(values).returning();
  return post!;
}

export async function findPost(db: Conn, id: string): Promise<Post | undefined> {
  const [post] = await db.select().from(posts).where(eq(posts.id, id));
  return post;
}

export async function updatePost(db: Conn, id: string, values: Partial<NewPost>): Promise<Post> {
  const [post] = await db
    .update(posts)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(posts.id, id))
    .returning();
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

export async function auditPrivateRead(db: Conn, postId: string, readerId: string) {
  await db.insert(privateReads).values({ postId, readerId });
}

export async function insertPollOptions(db: Conn, postId: string, labels: string[]) {
  if (labels.length === 0) return;
  await db
    .insert(pollOptions)
    .values(labels.map((label, position) => ({ postId, position, label })));
}

/** Everything a list of posts shows beside the post itself, in four queries for the whole page. */
export async function postExtras(db: Conn, postIds: string[], viewerId: string | null) {
  if (postIds.length === 0) {
    return {
      authors: new Map<string, string>(),
      commentCounts: new Map<string, number>(),
      reactionRows: [] as Array<{ postId: string; kind: string; count: number; isMine: boolean }>,
      options: [] as Array<{ id: string; postId: string; label: string; votes: number }>,
      myVotes: new Map<string, string>(),
      privateIds: new Set<string>(),
    };
  }
  const viewer = viewerId ?? '00000000-0000-0000-0000-000000000000';
  const [commentRows, reactionRows, options, votes, privateRows] = await Promise.all([
    db
      .select({ postId: comments.postId, count: sql<number>`count(*)::int` })
      .from(comments)
      .where(and(inArray(comments.postId, postIds), sql`${comments.removedAt} IS NULL`))
      .groupBy(comments.postId),
    db
      .select({
        postId: reactions.postId,
        kind: reactions.kind,
        count: sql<number>`count(*)::int`,
        isMine: sql<boolean>`bool_or(${reactions.userId} = ${viewer})`,
      })
      .from(reactions)
      .where(inArray(reactions.postId, postIds))
      .groupBy(reactions.postId, reactions.kind),
    db
      .select({
        id: pollOptions.id,
        postId: pollOptions.postId,
        label: pollOptions.label,
        votes: sql<number>`(SELECT count(*)::int FROM ${pollVotes} v WHERE v.option_id = ${pollOptions.id})`,
      })
      .from(pollOptions)
      .where(inArray(pollOptions.postId, postIds))
      .orderBy(asc(pollOptions.postId), asc(pollOptions.position)),
    db
      .select({ postId: pollVotes.postId, optionId: pollVotes.optionId })
      .from(pollVotes)
      .where(and(inArray(pollVotes.postId, postIds), eq(pollVotes.userId, viewer))),
    db
      .select({ postId: postPrivate.postId })
      .from(postPrivate)
      .where(inArray(postPrivate.postId, postIds)),
  ]);
  return {
    authors: new Map<string, string>(),
    commentCounts: new Map(commentRows.map((row) => [row.postId, row.count])),
    reactionRows,
    options,
    myVotes: new Map(votes.map((row) => [row.postId, row.optionId])),
    privateIds: new Set(privateRows.map((row) => row.postId)),
  };
}

export async function displayNames(db: Conn, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row.displayName]));
}
