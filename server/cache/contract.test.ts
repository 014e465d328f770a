// A new table shown on a cached page (a fundraiser's progress, a report count) must not go
// stale silently: it announces its changes, or it is listed with the reason it need not.
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/support/app.ts';
import { ANNOUNCED, NOT_ANNOUNCED } from './contract.ts';

const t = useTestApp();

describe("the cache's contract", () => {
  it('covers every table that belongs to a group, a post or a match', async () => {
    const owned = await t.pool.query<{ table_name: string }>(
      `SELECT DISTINCT table_name FROM information_schema.columns
       WHERE table_schema = 'public' AND column_name IN ('group_id', 'post_id', 'match_id')`,
    );
    const triggered = await t.pool.query<{ table_name: string }>(
      `SELECT DISTINCT c.relname AS table_name FROM pg_trigger tg
       JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_proc p ON p.oid = tg.tgfoid
       WHERE NOT tg.tgisinternal AND p.proname LIKE 'kindred_changed%'`,
    );
    const withTrigger = new Set(triggered.rows.map((row) => row.table_name));
    const unaccounted = owned.rows
      .map((row) => row.table_name)
      .filter((table) => !withTrigger.has(table) && !(table in NOT_ANNOUNCED));
    expect(unaccounted, 'tables that neither announce changes nor say why they need not').toEqual(
      [],
    );
    // Both lists say what is true.
    expect([...withTrigger].sort()).toEqual([...ANNOUNCED].sort());
    for (const table of Object.keys(NOT_ANNOUNCED)) {
      expect(withTrigger.has(table), `${table} announces after all`).toBe(false);
      expect(owned.rows.map((row) => row.table_name)).toContain(table);
    }
  });
});
