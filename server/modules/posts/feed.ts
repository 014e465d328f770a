import { and, desc, eq, getTableColumns, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { TPostKind } from '../../../common/constants.ts';
import type { Db } from '../../db/client.ts';
import { withCompiledMapper } from '../../db/rows.ts';
import { comments, groups, memberships, posts, responses } from '../../db/schema/index.ts';
import { badRequest } from '../../http/errors.ts';
import type { Membership } from '../groups/types.ts';
import { type Post, postColumns } from './store.ts';

export type FeedFilters = {
  kind?: TPostKind | undefined;
  category?: string | undefined;
  status: 'open' | 'closed' | 'all';
  near?: [number, number] | undefined;
  withinKm?: number | undefined;
  isUnanswered?: boolean | undefined;
  q?: string | undefined;
};

type Cursor = { isPinned: boolean; createdAt: string; id: string };

export const encodeCursor = (cursor: Cursor) =>
  Buffer.from(JSON.stringify([cursor.isPinned, cursor.createdAt, cursor.id])).toString('base64url');

export function decodeCursor(value: string | undefined): Cursor | undefined {
  if (!value) return undefined;
  try {
    const [isPinned, createdAt, id] = JSON.parse(Buffer.from(value, 'base64url').toString());
    if (typeof isPinned === 'boolean' && typeof createdAt === 'string' && typeof id === 'string') {
      return { isPinned, createdAt, id };
    }
  } catch {}
  throw badRequest('invalid-cursor', 'That page link is not valid.', [
    { field: 'cursor', code: 'invalid', message: 'Start again from the first page.' },
  ]);
}

const isOpen = sql`(${posts.status} = 'open' AND (${posts.expiresAt} IS NULL OR ${posts.expiresAt} > now()))`;
const point = sql`ll_to_earth(${posts.latitude}, ${posts.longitude})`;

/** Conditions every reader's list shares: not removed, and held posts only for their author or moderators. */
function visible(viewerId: string | null, isModerator: boolean): SQL[] {
  const conditions: SQL[] = [isNull(posts.removedAt)];
  if (!isModerator) {
    conditions.push(
      viewerId
        ? or(eq(posts.isHeld, false), eq(posts.authorId, viewerId))!
        : eq(posts.isHeld, false),
    );
  }
  return conditions;
}

function filtered(filters: FeedFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.kind) conditions.push(eq(posts.kind, filters.kind));
  if (filters.category) conditions.push(eq(posts.category, filters.category));
  if (filters.status === 'open') conditions.push(isOpen);
  if (filters.status === 'closed') conditions.push(sql`NOT ${isOpen}`);
  if (filters.isUnanswered) {
    // No one has offered to help ("I can help") or commented, other than the author.
    conditions.push(sql`NOT EXISTS (SELECT 1 FROM ${comments} c WHERE c.post_id = ${posts.id}
      AND c.author_id <> ${posts.authorId} AND c.removed_at IS NULL)`);
    conditions.push(sql`NOT EXISTS (SELECT 1 FROM ${responses} r WHERE r.post_id = ${posts.id}
      AND r.status <> 'withdrawn')`);
  }
  if (filters.q) {
    conditions.push(
      sql`${posts.search} @@ websearch_to_tsquery('simple', kindred_unaccent(${filters.q}))`,
    );
  }
  if (filters.near && filters.withinKm !== undefined) {
    const here = sql`ll_to_earth(${filters.near[0]}::float8, ${filters.near[1]}::float8)`;
    const metres = filters.withinKm * 1000;
    conditions.push(sql`${posts.latitude} IS NOT NULL`);
    conditions.push(sql`earth_box(${here}, ${metres}::float8) @> ${point}`);
    conditions.push(sql`earth_distance(${here}, ${point}) <= ${metres}::float8`);
  }
  return conditions;
}

function distance(near: [number, number] | undefined) {
  return near
    ? sql<
        number | null
      >`CASE WHEN ${posts.latitude} IS NULL THEN NULL ELSE earth_distance(ll_to_earth(${near[0]}::float8, ${near[1]}::float8), ${point}) / 1000 END`
    : sql<null>`NULL::float8`;
}

/** One page of a group's feed: pinned first, then newest; keyset pages on (pinned, created, id). */
export async function groupFeed(
  db: Db,
  options: {
    groupId: string;
    viewerId: string | null;
    isModerator: boolean;
    filters: FeedFilters;
    limit: number;
    after?: Cursor | undefined;
  },
): Promise<Array<{ post: Post; distanceKm: number | null; cursor: Cursor }>> {
  const conditions = [
    eq(posts.groupId, options.groupId),
    ...visible(options.viewerId, options.isModerator),
    ...filtered(options.filters),
  ];
  if (options.after) {
    const a = options.after;
    conditions.push(
      sql`(${posts.isPinned}, ${posts.createdAt}, ${posts.id}) < (${a.isPinned}, ${a.createdAt}::timestamptz, ${a.id}::uuid)`,
    );
  }
  const rows = await db
    .select({
      post: postColumns,
      distanceKm: distance(options.filters.near),
      createdAtText: sql<string>`${posts.createdAt}::text`,
    })
    .from(posts)
    .where(and(...conditions))
    .orderBy(desc(posts.isPinned), desc(posts.createdAt), desc(posts.id))
    .limit(options.limit);
  return rows.map((row) => ({
    post: row.post,
    distanceKm: row.distanceKm === null ? null : Number(row.distanceKm),
    cursor: { isPinned: row.post.isPinned, createdAt: row.createdAtText, id: row.post.id },
  }));
}

function nearMeQuery(db: Db) {
  const here = sql`ll_to_earth(${sql.placeholder('latitude')}::float8, ${sql.placeholder('longitude')}::float8)`;
  const metres = sql`${sql.placeholder('metres')}::float8`;
  const viewer = sql`${sql.placeholder('userId')}::uuid`;
  // The reader's groups, with what each post shows of its group and what the reader may see
  // of it: the caller needs no second lookup.
  const mine = db
    .select({
      groupSlug: sql<string>`${groups.slug}`.as('group_slug'),
      groupName: sql<string>`${groups.name}`.as('group_name'),
      membership: getTableColumns(memberships),
    })
    .from(memberships)
    .innerJoin(groups, eq(groups.id, memberships.groupId))
    .where(and(sql`${memberships.userId} = ${viewer}`, eq(memberships.status, 'active')))
    .as('mine');
  const nearest = db
    .select({
      ...postColumns,
      distanceKm: sql<number>`earth_distance(${here}, ${point}) / 1000`.as('distance_km'),
      order: sql<number>`${point} <-> ${here}`.as('knn'),
    })
    .from(posts)
    .where(
      and(
        sql`${posts.groupId} = ${mine.membership.groupId}`,
        sql`${posts.kind} = ANY (${sql.placeholder('kinds')}::text[])`,
        isNull(posts.removedAt),
        sql`(NOT ${posts.isHeld} OR ${posts.authorId} = ${viewer})`,
        sql`${posts.authorId} <> ${viewer}`,
        isOpen,
        sql`${posts.latitude} IS NOT NULL`,
        sql`earth_box(${here}, ${metres}) @> ${point}`,
        sql`earth_distance(${here}, ${point}) <= ${metres}`,
      ),
    )
    .orderBy(sql`${point} <-> ${here}`)
    .limit(sql.placeholder('limit'))
    .as('nearest');
  const { distanceKm, order, ...columns } = nearest._.selectedFields;
  const query = db
    .select({
      post: columns as unknown as typeof posts._.columns,
      distanceKm,
      groupSlug: mine.groupSlug,
      groupName: mine.groupName,
      membership: mine.membership,
    })
    .from(mine)
    .crossJoinLateral(nearest)
    .orderBy(nearest.order)
    .limit(sql.placeholder('limit'))
    .prepare('near_me');
  return withCompiledMapper(query);
}
const nearMeQueries = new WeakMap<Db, ReturnType<typeof nearMeQuery>>();

/**
 * Open asks and offers near a point, across every group the person is an active member of:
 * the nearest of each group (a GiST scan on group and place, handing over the nearest first),
 * then the nearest of those. One scan of all groups' posts by distance would read every post
 * near a city that many groups share. A named statement: planned once per connection.
 */
export async function nearMe(
  db: Db,
  options: {
    userId: string;
    near: [number, number];
    withinKm: number;
    kind?: TPostKind | undefined;
    limit: number;
  },
) {
  let query = nearMeQueries.get(db);
  if (!query) {
    query = nearMeQuery(db);
    nearMeQueries.set(db, query);
  }
  const rows = await query.execute({
    userId: options.userId,
    latitude: options.near[0],
    longitude: options.near[1],
    metres: options.withinKm * 1000,
    kinds: `{${options.kind ?? 'ask,offer'}}`,
    limit: options.limit,
  });
  return rows.map((row) => ({
    post: row.post as Post,
    distanceKm: Number(row.distanceKm),
    group: { slug: row.groupSlug, name: row.groupName },
    membership: row.membership as Membership,
  }));
}

/** A group's open asks, oldest first, for the plain-text list. */
export async function openAsks(db: Db, groupId: string) {
  return db
    .select(postColumns)
    .from(posts)
    .where(and(eq(posts.groupId, groupId), eq(posts.kind, 'ask'), ...visible(null, false), isOpen))
    .orderBy(desc(posts.isPinned), posts.createdAt)
    .limit(500);
}
