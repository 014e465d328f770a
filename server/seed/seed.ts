// `kindred seed --scale demo|victoria|national`: reproducible data, loaded in one transaction
// (a failure leaves the database as it was). It never touches real data: it refuses a
// database holding any unless told --force, and then only replaces earlier seeded rows.
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import * as schema from '../db/schema/index.ts';
import { BULK_SHAPES, SEED_EMAIL_SUFFIX, SEED_EXTERNAL_ID_PREFIX, seedBulk } from './bulk.ts';
import { seedDemo } from './demo.ts';

export const SCALES = ['demo', 'victoria', 'national'] as const;
export type Scale = (typeof SCALES)[number];

export class SeedRefused extends Error {}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export type SeedOptions = {
  scale: Scale;
  seed?: number;
  force?: boolean;
  /** The demo people's password hash (none in production: they sign in by emailed link). */
  passwordHash?: string | null;
  onProgress?: (message: string) => void;
};

/**
 * People and groups that a seed did not make. An instance administrator who is in no group yet
 * (the first one, made right after the first start, as the README says) is not real data to
 * protect from a seed, but is kept (`keepers`).
 */
export async function countRealData(client: pg.Pool | pg.PoolClient) {
  const result = await client.query<{ users: number; groups: number; keepers: number }>(
    `SELECT (SELECT count(*)::int FROM users u WHERE email NOT LIKE $1
               AND NOT (u.is_admin AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id)
                        AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.author_id = u.id))) AS users,
            (SELECT count(*)::int FROM groups
              WHERE external_id IS NULL OR external_id NOT LIKE $2) AS groups,
            (SELECT count(*)::int FROM users WHERE email NOT LIKE $1) AS keepers`,
    [`%${SEED_EMAIL_SUFFIX}`, `${SEED_EXTERNAL_ID_PREFIX}%`],
  );
  return result.rows[0]!;
}

export async function seedDatabase(pool: pg.Pool, options: SeedOptions) {
  const { scale, seed = 1, force = false, onProgress = () => undefined } = options;
  const started = Date.now();
  const client = await pool.connect();
  try {
    const real = await countRealData(client);
    const hasReal = real.users > 0 || real.groups > 0;
    if (hasReal && !force) {
      throw new SeedRefused(
        `This database has real data (${plural(real.users, 'person', 'people')} and ${plural(real.groups, 'group', 'groups')} that no seed made). Seeding would mix made-up people with real ones, so nothing was changed. Use an empty database, or add --force to add seeded data beside the real data.`,
      );
    }
    await client.query('BEGIN');
    await client.query('SET LOCAL synchronous_commit = off');
    if (hasReal || real.keepers > 0) {
      // Replace only earlier seeded rows; foreign keys cascade to what hangs off them.
      await client.query('DELETE FROM groups WHERE external_id LIKE $1', [
        `${SEED_EXTERNAL_ID_PREFIX}%`,
      ]);
      await client.query('DELETE FROM users WHERE email LIKE $1', [`%${SEED_EMAIL_SUFFIX}`]);
    } else {
      // Everything here was seeded: start again from nothing (every table hanging off people
      // or groups goes with them).
      await client.query('TRUNCATE users, groups CASCADE');
    }
    if (scale !== 'demo') {
      // The generated rows are consistent by construction; skipping the per-row foreign key
      // triggers makes the load several times faster. Needs a superuser: without one, keep them.
      await client.query('SAVEPOINT replica');
      try {
        await client.query('SET LOCAL session_replication_role = replica');
      } catch {
        await client.query('ROLLBACK TO SAVEPOINT replica');
      }
    }
    const counts =
      scale === 'demo'
        ? await seedDemo(drizzle(client, { schema }), {
            passwordHash: options.passwordHash ?? null,
          })
        : await seedBulk(client, BULK_SHAPES[scale], seed, onProgress);
    await client.query('COMMIT');
    // VACUUM as well as ANALYZE: it sets the visibility map, so index-only scans work from the
    // start, as they would after autovacuum on a database that grew by itself.
    onProgress('Updating the planner statistics and visibility map (VACUUM ANALYZE)');
    await client.query('VACUUM ANALYZE');
    return { counts, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
