// Bulk loading with COPY: hundreds of thousands of rows a second, where INSERTs manage thousands.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type Cell = string | number | boolean | null;

const BATCH = 2_000;

function csvCell(value: Cell) {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  return `"${value.replaceAll('"', '""')}"`;
}

/** COPY rows into a table; rows are generated lazily, so millions never sit in memory at once. */
export async function copyRows(
  client: pg.PoolClient | pg.Pool,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly Cell[]>,
): Promise<number> {
  const connection = 'release' in client ? client : await client.connect();
  let count = 0;
  try {
    const chunks = (function* () {
      let lines: string[] = [];
      for (const row of rows) {
        lines.push(row.map(csvCell).join(','));
        count++;
        if (lines.length === BATCH) {
          yield `${lines.join('\n')}\n`;
          lines = [];
        }
      }
      if (lines.length > 0) yield `${lines.join('\n')}\n`;
    })();
    await pipeline(
      Readable.from(chunks),
      connection.query(
        copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`),
      ),
    );
  } finally {
    if (connection !== client) connection.release();
  }
  return count;
}

/** A PostgreSQL array literal for COPY's csv format, e.g. {en,fr}. */
export const pgArray = (values: readonly string[]) => `{${values.join(',')}}`;
