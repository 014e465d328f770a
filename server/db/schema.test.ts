// What the database itself enforces, checked against the drizzle schema.
import { getTableColumns, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/support/app.ts';
import * as schema from './schema/index.ts';

const t = useTestApp();

const tables = (Object.values(schema) as unknown[]).filter((value): value is PgTable =>
  is(value, PgTable),
);
const tableName = (table: PgTable) =>
  (table as unknown as { [key: symbol]: string })[Symbol.for('drizzle:Name')]!;

describe('enum columns', () => {
  it('each have a CHECK in the database with exactly the values in common/', async () => {
    const { rows } = await t.pool.query<{ name: string; def: string }>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE contype = 'c' AND connamespace = 'public'::regnamespace`,
    );
    const checks = new Map(rows.map((row) => [row.name, row.def]));
    let seen = 0;
    for (const table of tables) {
      for (const column of Object.values(getTableColumns(table))) {
        const values = (column as { enumValues?: string[] }).enumValues;
        if (!values?.length) continue;
        seen++;
        const def = checks.get(`${tableName(table)}_${column.name}_check`);
        expect(def, `${tableName(table)}.${column.name}`).toBeDefined();
        const inDatabase = [...def!.matchAll(/'([^']*)'/g)].map((m) => m[1]).sort();
        expect(inDatabase, `${tableName(table)}.${column.name}`).toEqual([...values].sort());
      }
    }
    expect(seen).toBeGreaterThanOrEqual(15);
  });

  it('refuse a value outside the enum, whichever code path writes it', async () => {
    await expect(
      t.pool.query(
        "INSERT INTO notifications (user_id, kind) VALUES (gen_random_uuid(), 'made-up')",
      ),
    ).rejects.toMatchObject({ code: '23514', constraint: 'notifications_kind_check' });
  });
});
