// What the benchmark suite runs on: a throw-away embedded PostgreSQL, Kindred's production
// build as its own process (as `npm start` runs it), load from a worker thread, a recorder
// that captures the SQL one request sends, and the raw-SQL floor that replays it through pg.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { loadConfig } from '../server/config.ts';
import { freePort, startEmbeddedPostgres } from '../server/db/embedded.ts';
import { createLogger } from '../server/log.ts';
import { startServer } from '../server/main.ts';
import { projectRoot } from '../server/web-build.ts';
import type { LoadResult, RequestSpec } from './load-worker.ts';

export type { LoadResult, RequestSpec };
export const SESSION_SECRET = 'b'.repeat(64);

/** The settings the benchmarked server runs with: production, as a deployment would. */
export function benchEnv(databaseUrl: string, port: number, dataDir: string) {
  return {
    NODE_ENV: 'production',
    KINDRED_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SESSION_SECRET,
    // Nothing in the benchmark sends mail; a closed port makes any attempt fail loudly.
    SMTP_URL: 'smtp://127.0.0.1:9',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
  };
}

/** A folder the postgres system user can reach when we run as root. */
async function tempDir() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kindred-bench-'));
  await fs.chmod(dir, 0o711);
  return dir;
}

/** An embedded PostgreSQL in a temporary folder, or BENCH_DATABASE_URL when given. */
export async function startDatabase() {
  if (process.env.BENCH_DATABASE_URL) {
    return { url: process.env.BENCH_DATABASE_URL, stop: async () => undefined };
  }
  const dataDir = await tempDir();
  const embedded = await startEmbeddedPostgres({ dataDir });
  return {
    url: embedded.url,
    async stop() {
      await embedded.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** `kindred start` in production mode as a child process; resolves once /api/health answers. */
export async function startServerProcess(
  databaseUrl: string,
  script = 'bin/kindred.js',
  extraEnv: Record<string, string> = {},
) {
  const port = await freePort();
  const dataDir = await tempDir();
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(projectRoot, script), ...(script.endsWith('kindred.js') ? ['start'] : [])],
    {
      cwd: projectRoot,
      env: { ...process.env, ...benchEnv(databaseUrl, port, dataDir), ...extraEnv },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`${script} did not answer within 2 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    base,
    /** The server process's resident memory, in MB. */
    async rssMb() {
      const status = await fs.readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return Math.round(kb / 1024);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type Query = { text: string; values?: unknown[]; name?: string };

/**
 * An in-process Kindred on the same database, whose pool records the SQL each request sends,
 * so the floor can replay exactly that. Its deps also mint sessions and tokens for the load.
 */
export async function startRecorder(databaseUrl: string) {
  const port = await freePort();
  const dataDir = await tempDir();
  const config = loadConfig({ ...process.env, ...benchEnv(databaseUrl, port, dataDir) });
  const server = await startServer(config, createLogger(config));
  const pool = server.deps.pool;
  let recording: Query[] | null = null;
  const original = pool.query.bind(pool) as (config: Query) => Promise<unknown>;
  (
    pool as unknown as { query: (config: Query | string, values?: unknown[]) => Promise<unknown> }
  ).query = (query, values) => {
    const recorded: Query =
      typeof query === 'string'
        ? { text: query, values: values ?? [] }
        : { ...query, ...(values ? { values } : {}) };
    recording?.push(recorded);
    return original(recorded);
  };
  const base = `http://127.0.0.1:${server.port}`;
  return {
    deps: server.deps,
    config,
    async record(spec: RequestSpec) {
      recording = [];
      const response = await fetch(base + spec.path, {
        method: spec.method ?? 'GET',
        headers: { ...spec.headers, ...(spec.body ? { 'content-type': 'application/json' } : {}) },
        ...(spec.body ? { body: spec.body } : {}),
      });
      const body = await response.text();
      if (!response.ok) throw new Error(`${spec.path}: ${response.status} ${body.slice(0, 300)}`);
      const queries = recording;
      recording = null;
      return queries;
    },
    async stop() {
      await server.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** autocannon from its own thread, cycling through the requests. */
export function load(
  base: string,
  requests: RequestSpec[],
  connections: number,
  seconds: number,
  once = false,
) {
  return new Promise<LoadResult>((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.ts', import.meta.url), {
      workerData: { url: base, connections, duration: seconds, requests, once },
    });
    worker.once('message', (result: LoadResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/**
 * The floor: each request's queries, in order, straight through pg with the server's pool
 * size, from as many concurrent callers as the load has connections, for as long.
 */
export async function rawFloor(
  url: string,
  requests: Query[][],
  connections: number,
  seconds: number,
  poolSize = 10,
) {
  const raw = new pg.Pool({ connectionString: url, max: poolSize });
  const times: number[] = [];
  const deadline = Date.now() + seconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) {
        const queries = requests[next++ % requests.length]!;
        const start = process.hrtime.bigint();
        for (const query of queries) await raw.query(query as pg.QueryConfig);
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }),
  );
  await raw.end();
  return times;
}

export const percentile = (values: number[], p: number) => {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
