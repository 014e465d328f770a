import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import {
  matchEvents,
  matches,
  matchMessages,
  posts,
  responses,
  users,
} from '../../db/schema/index.ts';

type Conn = Db | Tx;
export type Response = typeof responses.$inferSelect;
export type Match = typeof matches.$inferSelect;
export type MatchEventKind = (typeof matchEvents.$inferInsert)['kind'];

export const LIVE: Match['status'][] = ['accepted', 'done'];

/** Locks the post for the rest of the transaction: matches on one post are made one at a time. */
export async function lockPost(tx: Tx, postId: string) {
  await tx.execute(sql`SELECT 1 FROM ${posts} WHERE ${posts.id} = ${postId} FOR UPDATE`);
}

export async function liveMatchOn(db: Conn, postId: string): Promise<Match | undefined> {
  const [row] = await db
    .select()
    .from(matches)
    .where(and(eq(matches.postId, postId), inArray(matches.status, LIVE)));
  return row;
}

export async function findMatch(db: Conn, id: string): Promise<Match | undefined> {
  const [row] = await db.select().from(matches).where(eq(matches.id, id));
  return row;
}

export async function findResponse(db: Conn, id: string): Promise<Response | undefined> {
  const [row] = await db.select().from(responses).where(eq(responses.id, id));
  return row;
}

export async function addEvent(
  db: Conn,
  values: { matchId: string; kind: MatchEventKind; actorId: string | null; reason?: string | null },
) {
  await db.insert(matchEvents).values({ ...values, reason: values.reason ?? null });
}

export async function timeline(db: Conn, matchId: string) {
  return db
    .select({
      kind: matchEvents.kind,
      actorId: matchEvents.actorId,
      actorName: users.displayName,
      reason: matchEvents.reason,
      createdAt: matchEvents.createdAt,
    })
    .from(matchEvents)
    .leftJoin(users, eq(users.id, matchEvents.actorId))
    .where(eq(matchEvents.matchId, matchId))
    .orderBy(asc(matchEvents.createdAt), asc(matchEvents.id));
}

export async function responsesOn(db: Conn, postId: string, onlyBy?: string) {
  return db
    .select({ response: responses, responderName: users.displayName, offerTitle: posts.title })
    .from(responses)
    .innerJoin(users, eq(users.id, responses.responderId))
    .leftJoin(posts, eq(posts.id, responses.offerId))
    .where(
      onlyBy
        ? and(eq(responses.postId, postId), eq(responses.responderId, onlyBy))
        : eq(responses.postId, postId),
    )
    .orderBy(asc(responses.createdAt));
}

export async function messagesOf(db: Conn, matchId: string) {
  return db
    .select({ message: matchMessages, authorName: users.displayName })
    .from(matchMessages)
    .innerJoin(users, eq(users.id, matchMessages.authorId))
    .where(eq(matchMessages.matchId, matchId))
    .orderBy(asc(matchMessages.createdAt), asc(matchMessages.id))
    .limit(2000);
}

export async function names(db: Conn, ids: string[]) {
  const rows = await db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row.displayName]));
}

/**
 * The matches someone is in (as the person helped, the helper, or the moderator who asked on a
 * neighbour's behalf), live ones first. A helper who withdrew or was replaced no longer sees it.
 */
export async function matchesOf(db: Conn, userId: string) {
  const { rows } = await db.execute<{
    id: string;
    status: Match['status'];
    asker_id: string;
    helper_id: string;
    created_at: Date;
    post_id: string;
    title: string;
    kind: 'ask' | 'offer' | 'info' | 'question';
    slug: string;
    group_name: string;
    asker_name: string;
    helper_name: string;
  }>(sql`
    SELECT m.id, m.status, m.asker_id, m.helper_id, m.created_at, p.id AS post_id, p.title,
           p.kind, g.slug, g.name AS group_name, a.display_name AS asker_name,
           h.display_name AS helper_name
    FROM matches m
    JOIN posts p ON p.id = m.post_id
    JOIN groups g ON g.id = p.group_id
    JOIN users a ON a.id = m.asker_id
    JOIN users h ON h.id = m.helper_id
    WHERE (m.asker_id = ${userId}
           OR (p.is_on_behalf AND p.author_id = ${userId})
           OR (m.helper_id = ${userId} AND m.status NOT IN ('withdrawn', 'reassigned')))
    ORDER BY (m.status IN ('accepted', 'done')) DESC, m.created_at DESC
    LIMIT 200`);
  return rows;
}
