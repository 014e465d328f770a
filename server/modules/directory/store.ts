import { and, asc, eq, ilike, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { groups } from '../../db/schema/index.ts';
import { type Group, likeContains } from '../groups/store.ts';

type Conn = Db | Tx;

export type DirectorySearch = {
  near?: [number, number] | undefined;
  q?: string | undefined;
  radiusKm?: number | undefined;
  networkId?: string | undefined;
  limit: number;
  offset: number;
};

const centre = sql`ll_to_earth(${groups.latitude}, ${groups.longitude})`;

/**
 * Public and listed networks and groups (never hidden ones, never pods), nearest first when a
 * point is given. The ORDER BY uses the GiST index's KNN search: the chord distance between
 * earth cubes orders exactly as the great-circle distance does.
 */
export async function searchDirectory(
  db: Conn,
  search: DirectorySearch,
): Promise<Array<{ group: Group; distanceKm: number | null }>> {
  const here = search.near ? sql`ll_to_earth(${search.near[0]}, ${search.near[1]})` : undefined;
  const conditions: SQL[] = [
    inArray(groups.visibility, ['public', 'listed']),
    ne(groups.kind, 'pod'),
  ];
  if (search.networkId) conditions.push(eq(groups.parentId, search.networkId));
  if (search.q) {
    const pattern = likeContains(search.q);
    conditions.push(or(ilike(groups.name, pattern), ilike(groups.locationName, pattern))!);
  }
  if (here && search.radiusKm !== undefined) {
    const metres = search.radiusKm * 1000;
    conditions.push(sql`earth_box(${here}, ${metres}) @> ${centre}`);
    conditions.push(sql`earth_distance(${here}, ${centre}) <= ${metres}`);
  }
  const rows = await db
    .select({
      group: groups,
      distanceM: here ? sql<number>`earth_distance(${here}, ${centre})` : sql<null>`NULL::float8`,
    })
    .from(groups)
    .where(and(...conditions))
    .orderBy(
      ...(here ? [sql`${centre} <-> ${here}`] : [asc(sql`lower(${groups.name})`)]),
      asc(groups.id),
    )
    .limit(search.limit)
    .offset(search.offset);
  return rows.map((row) => ({
    group: row.group,
    distanceKm: row.distanceM === null ? null : Number(row.distanceM) / 1000,
  }));
}
