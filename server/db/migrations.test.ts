// Landed migrations are never edited again. Three were (0008, 0013, 0015): an instance that
// applied their first text must reach the same final state as a new one.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createEmptyDatabase, createTestDatabase } from '../../test/support/app.ts';
import { projectRoot } from '../web-build.ts';
import { migrationsFolder, runMigrations } from './migrate.ts';

const AS_LANDED = path.join(projectRoot, 'test', 'fixtures', 'migrations-as-landed');

type Journal = { entries: Array<{ idx: number; tag: string }> };

/** Everything a migration makes in the public schema, in a form two databases can be compared by. */
async function shapeOf(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const queries = {
      columns: `SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
                  || ' ' || coalesce(column_default, '') AS x
                FROM information_schema.columns WHERE table_schema = 'public'`,
      constraints: `SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS x
                    FROM pg_constraint WHERE connamespace = 'public'::regnamespace`,
      indexes: `SELECT indexdef AS x FROM pg_indexes WHERE schemaname = 'public'`,
      triggers: `SELECT pg_get_triggerdef(oid) AS x FROM pg_trigger WHERE NOT tgisinternal`,
      functions: `SELECT proname || ' ' || prosrc AS x FROM pg_proc
                  WHERE pronamespace = 'public'::regnamespace AND proname LIKE 'kindred%'`,
    };
    const shape: Record<string, string[]> = {};
    for (const [name, text] of Object.entries(queries)) {
      const { rows } = await client.query<{ x: string }>(text);
      shape[name] = rows.map((row) => row.x).sort();
    }
    return shape;
  } finally {
    await client.end();
  }
}

/**
 * Applies the migrations up to and including `edited`, with its first text (as an instance did
 * when it still had it) or its final one: a migrations folder of that moment, read and recorded
 * by drizzle as then.
 */
async function applyUpTo(url: string, edited: string, text: 'first' | 'final') {
  const journal = JSON.parse(
    await fs.readFile(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'),
  ) as Journal;
  const upTo = journal.entries.findIndex((entry) => entry.tag === edited);
  expect(upTo).toBeGreaterThan(0);
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'kindred-migrations-'));
  try {
    await fs.mkdir(path.join(folder, 'meta'));
    const entries = journal.entries.slice(0, upTo + 1);
    await fs.writeFile(
      path.join(folder, 'meta', '_journal.json'),
      JSON.stringify({ ...journal, entries }),
    );
    for (const { tag } of entries) {
      const source =
        tag === edited && text === 'first'
          ? path.join(AS_LANDED, `${tag}.sql`)
          : path.join(migrationsFolder, `${tag}.sql`);
      await fs.copyFile(source, path.join(folder, `${tag}.sql`));
    }
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      await pool.query('SET client_min_messages = warning');
      await migrate(drizzle(pool), { migrationsFolder: folder });
    } finally {
      await pool.end();
    }
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}

describe('migrations edited after they landed', () => {
  it.each(['0008_helper_profiles', '0013_change_notifications', '0015_session_notifications'])(
    'bring an instance that applied the first text of %s to the final state',
    async (edited) => {
      const fresh = await shapeOf(await createTestDatabase());
      const url = await createEmptyDatabase();
      await applyUpTo(url, edited, 'first');
      // The first text really did make something else than the final one (else this proves nothing).
      const final = await createEmptyDatabase();
      await applyUpTo(final, edited, 'final');
      expect(await shapeOf(url)).not.toEqual(await shapeOf(final));
      const pool = new pg.Pool({ connectionString: url, max: 2 });
      try {
        await runMigrations(pool);
      } finally {
        await pool.end();
      }
      expect(await shapeOf(url)).toEqual(fresh);
    },
  );
});
