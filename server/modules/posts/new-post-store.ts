// The busiest write, posting, as one statement: counts the author's attempt and inserts the post
// (and an ask's private record) within the limit.
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { withCompiledMapper } from '../../db/rows.ts';
import { postPrivate, posts } from '../../db/schema/index.ts';
import { countAttempt, type Limit, limitKey } from '../../http/rate-limit.ts';
import { postColumns } from './store.ts';
import type { NewPost, Post } from './types.ts';

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
    alone: withCompiledMapper(within.prepare('new_post')),
    withPrivate: withCompiledMapper(withPrivate.prepare('new_post_with_private')),
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
