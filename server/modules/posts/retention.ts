import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/**
 * SAFETY 7: an ask's private record (address, phone, notes, exact point) is deleted a set
 * number of days after the ask closed, expired or was removed. The post itself stays.
 */
export async function purgeClosedPrivateRecords(db: Db, days: number): Promise<number> {
  const { rowCount } = await db.execute(sql`
    DELETE FROM post_private pp USING posts p
    WHERE pp.post_id = p.id
      AND (
        (p.status = 'closed' AND p.closed_at < now() - make_interval(days => ${days}))
        OR (p.status = 'open' AND p.expires_at < now() - make_interval(days => ${days}))
        OR p.removed_at < now() - make_interval(days => ${days})
      )`);
  // The exact point also sits on the post, for distances; it goes too.
  await db.execute(sql`
    UPDATE posts p SET latitude = NULL, longitude = NULL
    WHERE p.latitude IS NOT NULL
      AND (
        (p.status = 'closed' AND p.closed_at < now() - make_interval(days => ${days}))
        OR (p.status = 'open' AND p.expires_at < now() - make_interval(days => ${days}))
        OR p.removed_at < now() - make_interval(days => ${days})
      )`);
  return rowCount ?? 0;
}

/** Idempotency keys only need to outlive a retry. */
export async function deleteOldIdempotencyKeys(db: Db) {
  await db.execute(sql`DELETE FROM idempotency_keys WHERE created_at < now() - interval '1 day'`);
}
