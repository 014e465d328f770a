import { and, eq, getTableColumns, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { noteGroup } from '../../cache.ts';
import type { Db, Tx } from '../../db/client.ts';
import { fastRows } from '../../db/rows.ts';
import {
  groups,
  memberships,
  pollOptions,
  postPrivate,
  posts,
  privateReads,
} from '../../db/schema/index.ts';
import { countAttempt, type Limit, limitKey } from '../../http/rate-limit.ts';

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

/** What a new post is made of (the rest are defaults). */
const NEW_POST_FIELDS = [
  'groupId',
  'authorId',
  'kind',
  'category',
  'title',
  'body',
  'urgency',
  'neededBy',
  'timeWindow',
  'peopleCount',
  'latitude',
  'longitude',
  'locationName',
  'availability',
  'quantity',
  'isOngoing',
  'travelKm',
  'linkUrl',
  'isOnBehalf',
  'isHeld',
  'expiresAt',
] as const satisfies ReadonlyArray<keyof NewPost>;
export type NewPostValues = Required<Pick<NewPost, (typeof NEW_POST_FIELDS)[number]>>;

const PRIVATE_FIELDS = [
  'address',
  'phone',
  'accessNotes',
  'contactPreference',
  'neighbourName',
  'latitude',
  'longitude',
] as const satisfies ReadonlyArray<keyof typeof postPrivate.$inferInsert>;
export type NewPrivateValues = Required<
  Pick<typeof postPrivate.$inferInsert, (typeof PRIVATE_FIELDS)[number]>
>;

/** How many posts one person may make, in all their groups together. */
export const POST_LIMIT: Limit = { name: 'post-create', max: 60, windowMs: 60 * 60_000 };

/**
 * Posting is the busiest write, so its statements are built once per database handle, and one
 * statement does it all: it counts the attempt against the author's limit and, within the limit,
 * inserts the post (and, for an ask, its private record). Data-modifying WITH queries make it
 * atomic without a transaction, in one round trip instead of two to four. Past the limit nothing
 * is inserted and the row says how long until the window ends.
 */
function newPostQueries(db: Db) {
  const attempt = db
    .$with('attempt', {
      count: sql<number>`count`.as('count'),
      ttl: sql<number>`ttl`.as('ttl'),
    })
    .as(countAttempt(POST_LIMIT));
  // INSERT … SELECT (not VALUES) so that the row is only made within the limit. PostgreSQL
  // types each placeholder from the column it goes into.
  const insertSelect = (
    table: typeof posts | typeof postPrivate,
    fields: Array<[column: string, value: SQLWrapper]>,
    from: SQL,
  ) =>
    sql`INSERT INTO ${table} (${sql.join(
      fields.map(([column]) => sql.identifier(column)),
      sql`, `,
    )}) SELECT ${sql.join(
      fields.map(([, value]) => value),
      sql`, `,
    )} ${from}`;
  const post = db.$with('post', postColumns).as(
    sql`${insertSelect(
      posts,
      NEW_POST_FIELDS.map((field) => [posts[field].name, sql.placeholder(field)]),
      sql`FROM attempt WHERE attempt.count <= ${sql.raw(String(POST_LIMIT.max))}`,
    )} RETURNING *`,
  );
  const details = db
    .$with('details', { postId: postPrivate.postId })
    .as(
      sql`${insertSelect(
        postPrivate,
        [
          [postPrivate.postId.name, sql`post.id`],
          ...PRIVATE_FIELDS.map((field): [string, SQLWrapper] => [
            postPrivate[field].name,
            sql.placeholder(`private_${field}`),
          ]),
        ],
        sql`FROM post`,
      )} RETURNING post_id`,
    );
  const within = db.with(attempt, post).select().from(attempt).leftJoin(post, sql`true`);
  const withPrivate = db
    .with(attempt, post, details)
    .select()
    .from(attempt)
    .leftJoin(post, sql`true`);
  return {
    alone: fastRows(within.prepare('new_post')),
    withPrivate: fastRows(withPrivate.prepare('new_post_with_private')),
  };
}
const newPostStatements = new WeakMap<Db, ReturnType<typeof newPostQueries>>();

/** A new post, or how long until its author may post again (seconds). */
export type NewPostResult = { post: Post } | { post: null; retryAfterSeconds: number };

/**
 * A new post (and, for an ask, its private record), in one statement that also counts the
 * attempt against its author's `POST_LIMIT` (see `newPostQueries`).
 */
export async function createPost(
  db: Db,
  values: NewPostValues,
  details: NewPrivateValues | null,
): Promise<NewPostResult> {
  let statements = newPostStatements.get(db);
  if (!statements) {
    statements = newPostQueries(db);
    newPostStatements.set(db, statements);
  }
  const attemptKey = limitKey(POST_LIMIT, values.authorId);
  const [row] = details
    ? await statements.withPrivate.execute({
        ...values,
        ...Object.fromEntries(
          Object.entries(details).map(([field, value]) => [`private_${field}`, value]),
        ),
        attemptKey,
      })
    : await statements.alone.execute({ ...values, attemptKey });
  if (!row!.post) return { post: null, retryAfterSeconds: Math.ceil(row!.attempt.ttl / 1000) };
  return { post: row!.post };
}

/**
 * Counts one attempt at posting against its author's `POST_LIMIT`, for a post made in a
 * transaction (a poll): the transaction keeps the count with the post.
 */
export async function countPostAttempt(tx: Tx, authorId: string) {
  const result = await tx.execute<{ count: number; ttl: number }>(
    countAttempt(POST_LIMIT, sql`${limitKey(POST_LIMIT, authorId)}`),
  );
  const { count, ttl } = result.rows[0]!;
  return count <= POST_LIMIT.max ? null : { retryAfterSeconds: Math.ceil(ttl / 1000) };
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
  return fastRows(query);
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

const NO_ONE = '00000000-0000-0000-0000-000000000000';

/**
 * Everything a list of posts shows beside the posts themselves (author names, comment counts,
 * reactions, polls, the reader's vote, photos, whether a private record exists), in one
 * named statement for the whole page: one round trip, planned once per connection.
 */
const EXTRAS = `
SELECT p.id AS post_id,
  p.author_id,
  u.display_name AS author_name,
  (SELECT count(*)::int FROM comments c WHERE c.post_id = p.id AND c.removed_at IS NULL) AS comment_count,
  COALESCE((SELECT json_agg(json_build_object('kind', r.kind, 'count', r.n, 'isMine', r.mine))
    FROM (SELECT kind, count(*)::int AS n, bool_or(user_id = $2) AS mine
          FROM reactions WHERE post_id = p.id GROUP BY kind) r), '[]') AS reactions,
  COALESCE((SELECT json_agg(json_build_object('id', o.id, 'label', o.label, 'votes',
      (SELECT count(*)::int FROM poll_votes v WHERE v.post_id = p.id AND v.option_id = o.id))
      ORDER BY o.position)
    FROM poll_options o WHERE o.post_id = p.id), '[]') AS options,
  (SELECT v.option_id FROM poll_votes v WHERE v.post_id = p.id AND v.user_id = $2) AS my_vote,
  EXISTS (SELECT 1 FROM post_private pp WHERE pp.post_id = p.id) AS has_private,
  (SELECT m.helper_id FROM matches m WHERE m.post_id = p.id AND m.status IN ('accepted', 'done')) AS live_helper_id,
  (SELECT m.asker_id FROM matches m WHERE m.post_id = p.id AND m.status IN ('accepted', 'done')) AS live_asker_id,
  (SELECT m.id FROM matches m WHERE m.post_id = p.id AND m.status IN ('accepted', 'done')) AS live_match_id,
  (SELECT r.status FROM responses r WHERE r.post_id = p.id AND r.responder_id = $2) AS my_response,
  (SELECT count(*)::int FROM responses r WHERE r.post_id = p.id AND r.status <> 'withdrawn') AS response_count,
  (SELECT m.thank_you FROM matches m WHERE m.post_id = p.id AND m.status = 'confirmed'
     ORDER BY m.ended_at DESC LIMIT 1) AS thank_you,
  COALESCE((SELECT json_agg(json_build_object('id', ph.id, 'width', ph.width, 'height', ph.height)
      ORDER BY ph.position)
    FROM post_photos ph WHERE ph.post_id = p.id), '[]') AS photos
FROM posts p JOIN users u ON u.id = p.author_id
WHERE p.id = ANY($1::uuid[])`;

type ExtrasRow = {
  post_id: string;
  author_id: string;
  author_name: string;
  comment_count: number;
  reactions: Array<{ kind: string; count: number; isMine: boolean }>;
  options: Array<{ id: string; label: string; votes: number }>;
  my_vote: string | null;
  has_private: boolean;
  live_helper_id: string | null;
  live_asker_id: string | null;
  live_match_id: string | null;
  my_response: string | null;
  response_count: number;
  thank_you: string | null;
  photos: Array<{ id: string; width: number; height: number }>;
};

export type PostExtras = {
  authorName: string;
  commentCount: number;
  reactions: Array<{ kind: string; count: number; isMine: boolean }>;
  options: Array<{ id: string; label: string; votes: number }>;
  myVote: string | null;
  hasPrivate: boolean;
  /** The helper of the post's live match, if any: they may read its private record. */
  liveHelperId: string | null;
  liveAskerId: string | null;
  liveMatchId: string | null;
  myResponse: string | null;
  responseCount: number;
  thankYou: string | null;
  photos: Array<{ id: string; width: number; height: number }>;
};

/** A post with nothing beside it yet: no comments, reactions, poll votes, responses or match. */
export const NO_EXTRAS: Readonly<PostExtras> = {
  authorName: '',
  commentCount: 0,
  reactions: [],
  options: [],
  myVote: null,
  hasPrivate: false,
  liveHelperId: null,
  liveAskerId: null,
  liveMatchId: null,
  myResponse: null,
  responseCount: 0,
  thankYou: null,
  photos: [],
};

export async function postExtras(
  pool: Pick<import('pg').Pool, 'query'>,
  postIds: string[],
  viewerId: string | null,
): Promise<Map<string, PostExtras>> {
  if (postIds.length === 0) return new Map();
  const { rows } = await pool.query<ExtrasRow>({
    name: 'post_extras',
    text: EXTRAS,
    values: [postIds, viewerId ?? NO_ONE],
  });
  return new Map(
    rows.map((row) => [
      row.post_id,
      {
        authorName: row.author_name,
        commentCount: row.comment_count,
        reactions: row.reactions,
        options: row.options,
        myVote: row.my_vote,
        hasPrivate: row.has_private,
        liveHelperId: row.live_helper_id,
        liveAskerId: row.live_asker_id,
        liveMatchId: row.live_match_id,
        myResponse: row.my_response,
        responseCount: row.response_count,
        thankYou: row.thank_you,
        photos: row.photos,
      },
    ]),
  );
}

/**
 * What one reader has done on a list of posts (their reactions, poll vote and response), laid
 * over extras loaded for no one; and, given a group, whether they have posts there still held
 * for review (those only they see, so a list cached for everyone lacks them).
 */
const MINE = `
SELECT 'reaction' AS what, post_id, kind::text AS value FROM reactions
  WHERE post_id = ANY($1::uuid[]) AND user_id = $2
UNION ALL
SELECT 'vote', post_id, option_id::text FROM poll_votes
  WHERE post_id = ANY($1::uuid[]) AND user_id = $2
UNION ALL
SELECT 'response', post_id, status::text FROM responses
  WHERE post_id = ANY($1::uuid[]) AND responder_id = $2
UNION ALL
(SELECT 'held', id, NULL FROM posts
  WHERE group_id = $3 AND author_id = $2 AND is_held AND removed_at IS NULL LIMIT 1)`;

export type Mine = {
  hasHeld: boolean;
  byPost: Map<string, Array<{ what: string; value: string }>>;
};

/** A reader who has done nothing on the page, or no reader. */
export const NO_MINE: Readonly<Mine> = { hasHeld: false, byPost: new Map() };

/**
 * Whether the reader has a part in this post: its author, asker or helper, or a reaction, vote
 * or response of theirs (`mine`). Otherwise they see it exactly as anyone with their role does.
 * `extras` are the shared ones (loaded for no one).
 */
export function hasPart(
  post: Pick<Post, 'id' | 'authorId'>,
  extras: PostExtras | undefined,
  mine: Mine,
  viewerId: string | null,
) {
  if (viewerId === null) return false;
  return (
    post.authorId === viewerId ||
    extras?.liveHelperId === viewerId ||
    extras?.liveAskerId === viewerId ||
    mine.byPost.has(post.id)
  );
}

export async function viewerMine(
  pool: Pick<import('pg').Pool, 'query'>,
  postIds: string[],
  viewerId: string,
  heldInGroupId: string | null,
): Promise<Mine> {
  const { rows } = await pool.query<{ what: string; post_id: string; value: string }>({
    name: 'viewer_mine',
    text: MINE,
    values: [postIds, viewerId, heldInGroupId],
  });
  const mine: Mine = { hasHeld: false, byPost: new Map() };
  for (const row of rows) {
    if (row.what === 'held') {
      mine.hasHeld = true;
      continue;
    }
    const list = mine.byPost.get(row.post_id) ?? [];
    list.push({ what: row.what, value: row.value });
    mine.byPost.set(row.post_id, list);
  }
  return mine;
}

/** Extras loaded for no one, as this reader sees them. Never changes the shared (cached) ones. */
export function withMine(extras: Map<string, PostExtras>, mine: Mine): Map<string, PostExtras> {
  const out = new Map<string, PostExtras>();
  for (const [postId, shared] of extras) {
    const own = mine.byPost.get(postId) ?? [];
    const reacted = new Set(own.filter((o) => o.what === 'reaction').map((o) => o.value));
    out.set(postId, {
      ...shared,
      reactions: shared.reactions.map((r) => ({ ...r, isMine: reacted.has(r.kind) })),
      myVote: own.find((o) => o.what === 'vote')?.value ?? null,
      myResponse: own.find((o) => o.what === 'response')?.value ?? null,
    });
  }
  return out;
}
