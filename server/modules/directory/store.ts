import { and, asc, eq, ilike, inArray, isNotNull, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withCompiledMapper } from '../../db/rows.ts';
import { groups } from '../../db/schema/index.ts';
import { likeContains } from '../../db/sql.ts';
import { type GroupSummaryRow, summaryColumns } from '../groups/columns.ts';

export type DirectorySearch = {
  near?: [number, number] | undefined;
  q?: string | undefined;
  radiusKm?: number | undefined;
  networkId?: string | undefined;
  limit: number;
  offset: number;
};

const centre = sql`ll_to_earth(${groups.latitude}, ${groups.longitude})`;
const here = sql`ll_to_earth(${sql.placeholder('lat')}::float8, ${sql.placeholder('lng')}::float8)`;

type Shape = { near: boolean; q: boolean; radius: boolean; network: boolean };

/**
 * The directory query for one combination of filters, as a named prepared statement: the
 * directory is the busiest public read, and PostgreSQL then plans each shape once per
 * connection. Public and listed networks and groups only (never hidden ones, never pods);
 * nearest first when a point is given, found through the GiST index (the chord distance
 * between earth cubes orders exactly as the great-circle distance does).
 */
function prepare(db: Db, shape: Shape) {
  const conditions: SQL[] = [
    inArray(groups.visibility, ['public', 'listed']),
    isNotNull(groups.listedAt),
    ne(groups.kind, 'pod'),
  ];
  if (shape.network) conditions.push(eq(groups.parentId, sql.placeholder('networkId')));
  if (shape.q) {
    const pattern = sql.placeholder('pattern');
    conditions.push(or(ilike(groups.name, pattern), ilike(groups.locationName, pattern))!);
  }
  if (shape.near && shape.radius) {
    const metres = sql`${sql.placeholder('metres')}::float8`;
    conditions.push(sql`earth_box(${here}, ${metres}) @> ${centre}`);
    conditions.push(sql`earth_distance(${here}, ${centre}) <= ${metres}`);
  }
  if (shape.near) {
    // The page is ordered by distance, then id (two groups can share a centre, and a page
    // boundary must not split them differently each time). The index's nearest-first scan
    // cannot break ties, so it only finds how far the page's last group is; the page is then
    // the groups within that reach (an index search), sorted. Without this, every group was
    // read and sorted (a scan that grows with the directory).
    const chord = sql`${centre} <-> ${here}`;
    const reach = sql`(SELECT sec_to_gc(max(nearest.chord)) + 1 FROM (SELECT ${chord} AS chord
      FROM ${groups} WHERE ${and(...conditions)} ORDER BY ${chord}
      LIMIT ${sql.placeholder('limit')}::int + ${sql.placeholder('offset')}::int) nearest)`;
    conditions.push(sql`earth_box(${here}, ${reach}) @> ${centre}`);
  }
  const name = `directory_${Object.values(shape)
    .map((on) => (on ? 1 : 0))
    .join('')}`;
  const query = db
    .select({
      group: summaryColumns,
      distanceM: shape.near
        ? sql<number>`earth_distance(${here}, ${centre})`
        : sql<null>`NULL::float8`,
    })
    .from(groups)
    .where(and(...conditions))
    .orderBy(
      ...(shape.near ? [sql`${centre} <-> ${here}`] : [asc(sql`lower(${groups.name})`)]),
      asc(groups.id),
    )
    .limit(sql.placeholder('limit'))
    .offset(sql.placeholder('offset'))
    .prepare(name);
  return withCompiledMapper(query);
}

const prepared = new WeakMap<Db, Map<string, ReturnType<typeof prepare>>>();

export async function searchDirectory(
  db: Db,
  search: DirectorySearch,
): Promise<Array<{ group: GroupSummaryRow; distanceKm: number | null }>> {
  const shape: Shape = {
    near: search.near !== undefined,
    q: Boolean(search.q),
    radius: search.near !== undefined && search.radiusKm !== undefined,
    network: search.networkId !== undefined,
  };
  let statements = prepared.get(db);
  if (!statements) {
    statements = new Map();
    prepared.set(db, statements);
  }
  const key = JSON.stringify(shape);
  let statement = statements.get(key);
  if (!statement) {
    statement = prepare(db, shape);
    statements.set(key, statement);
  }
  const rows = await statement.execute({
    lat: search.near?.[0],
    lng: search.near?.[1],
    pattern: search.q ? likeContains(search.q) : undefined,
    metres: search.radiusKm === undefined ? undefined : search.radiusKm * 1000,
    networkId: search.networkId,
    limit: search.limit,
    offset: search.offset,
  });
  return rows.map((row) => ({
    group: row.group,
    distanceKm: row.distanceM === null ? null : Number(row.distanceM) / 1000,
  }));
}

/** A text folded in SQL as `fold()` folds it in JavaScript: lower case, no accents or punctuation. */
const folded = (column: SQL) =>
  sql`btrim(regexp_replace(lower(kindred_unaccent(${column})), '[^[:alnum:]]+', ' ', 'g'))`;

export type AreaCandidate = {
  name: string;
  locationName: string;
  areaNames: string[];
  latitude: number;
  longitude: number;
};

/**
 * Listed public groups that a folded place query can name: a word of the group's name starts
 * with it, or its place name or one of its area names (its neighbourhoods) does. The directory's
 * own knowledge, so it needs no geocoder. Shortest names first: the closest to what was typed.
 */
export async function findAreaCandidates(db: Db, prefix: string, limit: number) {
  const area = sql`a`;
  const rows = await db
    .select({
      name: groups.name,
      locationName: groups.locationName,
      areaNames: groups.areaNames,
      latitude: groups.latitude,
      longitude: groups.longitude,
    })
    .from(groups)
    .where(
      and(
        inArray(groups.visibility, ['public', 'listed']),
        isNotNull(groups.listedAt),
        ne(groups.kind, 'pod'),
        or(
          sql`' ' || ${folded(sql`${groups.name}`)} LIKE ${`% ${prefix}%`}`,
          sql`${folded(sql`${groups.locationName}`)} LIKE ${`${prefix}%`}`,
          sql`EXISTS (SELECT 1 FROM unnest(${groups.areaNames}) ${area} WHERE ${folded(area)} LIKE ${`${prefix}%`})`,
        ),
      ),
    )
    .orderBy(asc(sql`length(${groups.name})`), asc(groups.id))
    .limit(limit);
  return rows satisfies AreaCandidate[];
}
