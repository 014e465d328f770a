import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type pg from 'pg';
import { LIVE_MATCH_STATUSES } from '../../../common/constants.ts';
import type { Db, Tx } from '../../db/client.ts';
import {
  matchEvents,
  matches,
  matchMessages,
  posts,
  responses,
  users,
} from '../../db/schema/index.ts';
import { notifyClause } from '../notifications/notify.ts';
import type { Match, MatchEventKind, Response } from './types.ts';

type Conn = Db | Tx;

export type { Match, MatchEventKind, Response } from './types.ts';

export const LIVE: Match['status'][] = [...LIVE_MATCH_STATUSES];

/**
 * Locks the post for the rest of the transaction (matches on one post are made one at a time)
 * and says whether it is still open as it stands now, after whatever held the lock committed:
 * an ask closed meanwhile (by its author, or in bulk from the board) gets no match.
 */
export async function lockPost(tx: Tx, postId: string) {
  const { rows } = await tx.execute<{ is_open: boolean }>(sql`
    SELECT (status = 'open' AND removed_at IS NULL AND (expires_at IS NULL OR expires_at > now())) AS is_open
    FROM ${posts} WHERE ${posts.id} = ${postId} FOR UPDATE`);
  return rows[0]?.is_open === true;
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

/** The responder's response to a post, if any. */
export async function responseBy(db: Conn, postId: string, responderId: string) {
  const [row] = await db
    .select({ id: responses.id })
    .from(responses)
    .where(and(eq(responses.postId, postId), eq(responses.responderId, responderId)));
  return row;
}

/** One of the person's own offers in the group, to point an answer at. */
export async function findOwnOffer(
  db: Conn,
  options: { id: string; authorId: string; groupId: string },
) {
  const [offer] = await db
    .select({ id: posts.id, title: posts.title })
    .from(posts)
    .where(
      and(
        eq(posts.id, options.id),
        eq(posts.authorId, options.authorId),
        eq(posts.kind, 'offer'),
        eq(posts.groupId, options.groupId),
      ),
    );
  return offer;
}

/**
 * A response (new, or one withdrawn and made again) and the post's author's notification, in
 * one statement; nothing at all when a response is already standing. Named: planned once per
 * connection. Responding is among the busiest writes.
 */
const RESPOND = `
WITH responded AS (
  INSERT INTO responses (post_id, responder_id, note, offer_id) VALUES ($1, $2, $3, $4)
  ON CONFLICT (post_id, responder_id) DO UPDATE
    SET note = EXCLUDED.note, offer_id = EXCLUDED.offer_id, status = 'pending'
    WHERE responses.status = 'withdrawn'
  RETURNING *
), told AS (
  ${notifyClause({ userIds: '$5', kind: 'response', actorId: '$2', postId: '$1', when: 'responded' })}
)
SELECT id, post_id, responder_id, note, offer_id, status, created_at FROM responded`;

export async function respondAndNotify(
  pool: Pick<pg.Pool, 'query'>,
  values: {
    postId: string;
    responderId: string;
    note: string;
    offerId: string | null;
    authorId: string;
  },
): Promise<Response | undefined> {
  const { rows } = await pool.query<{
    id: string;
    post_id: string;
    responder_id: string;
    note: string;
    offer_id: string | null;
    status: Response['status'];
    created_at: Date;
  }>({
    name: 'respond',
    text: RESPOND,
    values: [values.postId, values.responderId, values.note, values.offerId, [values.authorId]],
  });
  const row = rows[0];
  return (
    row && {
      id: row.id,
      postId: row.post_id,
      responderId: row.responder_id,
      note: row.note,
      offerId: row.offer_id,
      status: row.status,
      createdAt: row.created_at,
    }
  );
}

/**
 * A message in a match's thread, its timeline entry, and the other side's notification: one
 * statement (see RESPOND).
 */
const SEND_MESSAGE = `
WITH sent AS (
  INSERT INTO match_messages (match_id, author_id, body) VALUES ($1, $2, $3) RETURNING *
), event AS (
  INSERT INTO match_events (match_id, kind, actor_id) SELECT $1, 'message', $2 FROM sent
), told AS (
  ${notifyClause({ userIds: '$4', kind: 'message', actorId: '$2', matchId: '$1', when: 'sent' })}
)
SELECT id, match_id, author_id, body, created_at FROM sent`;

export async function sendMessageAndNotify(
  pool: Pick<pg.Pool, 'query'>,
  values: { matchId: string; authorId: string; body: string; people: string[] },
) {
  const { rows } = await pool.query<{
    id: string;
    match_id: string;
    author_id: string;
    body: string;
    created_at: Date;
  }>({
    name: 'send_message',
    text: SEND_MESSAGE,
    values: [values.matchId, values.authorId, values.body, values.people],
  });
  const sent = rows[0]!;
  return {
    id: sent.id,
    matchId: sent.match_id,
    authorId: sent.author_id,
    body: sent.body,
    createdAt: sent.created_at,
  };
}

export async function setResponseStatus(db: Conn, id: string, status: Response['status']) {
  await db.update(responses).set({ status }).where(eq(responses.id, id));
}

/** Everyone else still waiting on the post is not chosen; returns who they are. */
export async function markOthersNotChosen(tx: Tx, postId: string, chosenId: string | null) {
  const rows = await tx
    .update(responses)
    .set({ status: 'not-chosen' })
    .where(
      and(
        eq(responses.postId, postId),
        eq(responses.status, 'pending'),
        chosenId ? ne(responses.id, chosenId) : sql`true`,
      ),
    )
    .returning({ responderId: responses.responderId });
  return rows.map((row) => row.responderId);
}

export async function insertMatch(tx: Tx, values: typeof matches.$inferInsert): Promise<Match> {
  const [match] = await tx.insert(matches).values(values).returning();
  return match!;
}

/**
 * Moves a match on, only from the states given: undefined when it had already moved (a second
 * "done", a withdrawal racing a confirmation), so the caller answers 409.
 */
export async function moveMatch(
  tx: Tx,
  id: string,
  from: readonly Match['status'][],
  values: Partial<typeof matches.$inferInsert> & { status: Match['status'] },
): Promise<Match | undefined> {
  const [row] = await tx
    .update(matches)
    .set(values)
    .where(and(eq(matches.id, id), inArray(matches.status, [...from])))
    .returning();
  return row;
}

/** The post's live match ends (closed with its ask); returns it, if there was one. */
export async function endLiveMatchOn(tx: Tx, postId: string, status: Match['status']) {
  const [row] = await tx
    .update(matches)
    .set({ status, endedAt: new Date() })
    .where(and(eq(matches.postId, postId), inArray(matches.status, LIVE)))
    .returning();
  return row;
}

/** The helper's live matches on posts of one group end; returns them. */
export async function endHelperMatchesIn(tx: Tx, groupId: string, helperId: string) {
  return tx
    .update(matches)
    .set({ status: 'withdrawn', endedAt: new Date() })
    .where(
      and(
        eq(matches.helperId, helperId),
        inArray(matches.status, LIVE),
        inArray(
          matches.postId,
          tx.select({ id: posts.id }).from(posts).where(eq(posts.groupId, groupId)),
        ),
      ),
    )
    .returning();
}

/** The person's standing responses on posts of one group are withdrawn. */
export async function withdrawResponsesIn(tx: Tx, groupId: string, responderId: string) {
  await tx
    .update(responses)
    .set({ status: 'withdrawn' })
    .where(
      and(
        eq(responses.responderId, responderId),
        inArray(responses.status, ['pending', 'accepted']),
        inArray(
          responses.postId,
          tx.select({ id: posts.id }).from(posts).where(eq(posts.groupId, groupId)),
        ),
      ),
    );
}

/** The post is closed as fulfilled (its match was confirmed or closed). */
export async function closePostFulfilled(tx: Tx, postId: string) {
  await tx
    .update(posts)
    .set({ status: 'closed', closedReason: 'fulfilled', closedAt: new Date() })
    .where(eq(posts.id, postId));
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
 * Someone's open asks and offers that nobody is helping with yet, with how many responses wait
 * for an answer: the ones with responses first (someone is waiting to hear), then the newest.
 */
export async function openPostsOf(db: Conn, userId: string) {
  const { rows } = await db.execute<{
    id: string;
    title: string;
    kind: 'ask' | 'offer';
    slug: string;
    group_name: string;
    waiting: number;
    created_at: Date;
  }>(sql`
    SELECT p.id, p.title, p.kind, g.slug, g.name AS group_name, p.created_at, w.waiting
    FROM posts p JOIN groups g ON g.id = p.group_id
    CROSS JOIN LATERAL (SELECT count(*)::int AS waiting FROM responses r
      WHERE r.post_id = p.id AND r.status = 'pending') w
    WHERE p.author_id = ${userId} AND p.kind IN ('ask', 'offer') AND p.status = 'open'
      AND (p.expires_at IS NULL OR p.expires_at > now()) AND p.removed_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.post_id = p.id AND m.status IN ('accepted', 'done'))
    ORDER BY w.waiting > 0 DESC, p.created_at DESC
    LIMIT 50`);
  return rows;
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
