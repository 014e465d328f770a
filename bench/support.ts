// What every benchmark shares: a production-mode server on a throw-away embedded PostgreSQL,
// COPY loading, recording the queries one request sends, load from its own thread, and the
// raw-SQL floor that replays those queries straight through pg.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';
import type autocannon from 'autocannon';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadConfig } from '../server/config.ts';
import { createLogger } from '../server/log.ts';
import { startServer } from '../server/main.ts';

export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

export async function startBenchServer() {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kindred-bench-'));
  await fs.chmod(dataDir, 0o711);
  const config = loadConfig({
    ...process.env,
    KINDRED_DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    SESSION_SECRET: 'b'.repeat(64),
    SMTP_URL: 'smtp://127.0.0.1:9',
    PUBLIC_URL: 'http://localhost',
  });
  const server = await startServer(config, createLogger(config));
  const pool = server.deps.pool;
  // Time inside the server: from the request arriving to the last byte handed to the socket.
  const serverTimes: number[] = [];
  server.app.server.on('request', (_request, response) => {
    const start = process.hrtime.bigint();
    response.on('finish', () => serverTimes.push(Number(process.hrtime.bigint() - start) / 1e6));
  });
  return {
    server,
    pool,
    base: `http://127.0.0.1:${server.port}`,
    serverTimes,
    url: (pool as unknown as { options: { connectionString: string } }).options.connectionString,
    async stop() {
      await server.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A reproducible random number generator. */
export function seeded(seed: number) {
  let state = seed;
  const random = () => {
    state = (state * 16_807) % 2_147_483_647;
    return state / 2_147_483_647;
  };
  return { random, pick: <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]! };
}

const csv = (value: string | number | null) =>
  value === null ? '' : `"${String(value).replaceAll('"', '""')}"`;

/** Loads rows with COPY: seconds for hundreds of thousands of rows. */
export async function copyRows(
  pool: pg.Pool,
  table: string,
  columns: string[],
  rows: Iterable<Array<string | number | null>>,
) {
  const client = await pool.connect();
  try {
    const lines = (function* () {
      for (const row of rows) yield `${row.map(csv).join(',')}\n`;
    })();
    await pipeline(
      Readable.from(lines),
      client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`)),
    );
  } finally {
    client.release();
  }
}

export type Query = { text: string; values?: unknown[]; name?: string };

/** Wraps the server's pool so the queries one request sends can be recorded and replayed. */
export function queryRecorder(pool: pg.Pool, base: string, headers: Record<string, string>) {
  let recording: Query[] | null = null;
  const original = pool.query.bind(pool) as (config: Query) => Promise<unknown>;
  (
    pool as unknown as { query: (config: Query | string, values?: unknown[]) => Promise<unknown> }
  ).query = (config, values) => {
    const query: Query =
      typeof config === 'string'
        ? { text: config, values: values ?? [] }
        : { ...config, ...(values ? { values } : {}) };
    recording?.push(query);
    return original(query);
  };
  return async (url: string) => {
    recording = [];
    const response = await fetch(base + url, { headers });
    if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
    const queries = recording;
    recording = null;
    return queries;
  };
}

/** autocannon from its own thread, cycling through the paths, so it does not share the server's event loop. */
export function load(
  base: string,
  paths: string[],
  headers: Record<string, string> = {},
  connections = CONNECTIONS,
) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.ts', import.meta.url), {
      workerData: { url: base, connections, duration: SECONDS, paths, headers },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

/** The floor: the same queries straight through pg, at the same concurrency, for as long. */
export async function rawFloor(url: string, requests: Query[][]) {
  const raw = new pg.Pool({ connectionString: url, max: 10 });
  const times: number[] = [];
  const deadline = Date.now() + SECONDS * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < deadline) {
        const queries = requests[next++ % requests.length]!;
        const start = process.hrtime.bigint();
        await Promise.all(queries.map((query) => raw.query(query as pg.QueryConfig)));
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }),
  );
  await raw.end();
  return times;
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
export const fmt = (n: number) => n.toFixed(1);
