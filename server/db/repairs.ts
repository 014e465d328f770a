import type pg from 'pg';

/**
 * Migration 0008 was edited after it landed (commit 3ca70cd, then 1fc4ff2 added helpers' places,
 * "free now" and the board's unanswered-alert hours). An instance that applied its first text
 * has those columns missing, and migration 0011 indexes two of them, so the repair must come
 * before the migrations run: it is recognised by the hash drizzle recorded for that text.
 * (0013 and 0015 were edited too; nothing later depends on them, and migration 0018 repairs them.)
 */
const FIRST_0008_HASH = '974ad13b2645f917708d89dee28605353e35a8999266068ef847726b1a16081f';

const REPAIR_0008 = `
ALTER TABLE "helper_profiles" ADD COLUMN IF NOT EXISTS "latitude" double precision;
ALTER TABLE "helper_profiles" ADD COLUMN IF NOT EXISTS "longitude" double precision;
ALTER TABLE "helper_profiles" ADD COLUMN IF NOT EXISTS "available_until" timestamp with time zone;
ALTER TABLE "groups" ADD COLUMN IF NOT EXISTS "unanswered_alert_hours" integer DEFAULT 24 NOT NULL;`;

/** Runs before the migrations, on the migrating connection (which holds the migration lock). */
export async function repairEditedMigrations(client: pg.PoolClient) {
  const { rows } = await client.query<{ exists: boolean }>(
    "SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS exists",
  );
  if (!rows[0]?.exists) return;
  const applied = await client.query('SELECT 1 FROM drizzle.__drizzle_migrations WHERE hash = $1', [
    FIRST_0008_HASH,
  ]);
  if (applied.rowCount) await client.query(REPAIR_0008);
}
