// npm run bench (part 4): suggested helpers for one ask among 50,000 helper profiles, and the
// dispatch board of a group with 500 open asks, through the API and as the same queries
// straight through `pg`. Not a test. Aim (issue 5): suggestions p95 under 25 ms, board p95
// under 50 ms, at least half the raw-SQL throughput.
import { randomUUID } from 'node:crypto';
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
import { startSession } from '../server/modules/accounts/sessions.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const HELPERS = Number(process.env.BENCH_HELPERS ?? 50_000);
const OPEN_ASKS = 500;

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
const base = `http://127.0.0.1:${server.port}`;
const pool = server.deps.pool;

let seed = 5;
const random = () => {
  seed = (seed * 16_807) % 2_147_483_647;
  return seed / 2_147_483_647;
};
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
const csv = (value: string | number | null) =>
  value === null ? '' : `"${String(value).replaceAll('"', '""')}"`;
async function copy(
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

const started = Date.now();
const groupId = randomUUID();
const slug = 'national-dispatch';
const categories = ['groceries', 'prescriptions', 'meals', 'transport', 'errands', 'repairs'];
await pool.query(
  `INSERT INTO groups (id, slug, kind, name, latitude, longitude, radius_km, visibility, join_policy, exchange_mode, categories)
   VALUES ($1, $2, 'group', 'National dispatch', 48.4284, -123.3656, 50, 'public', 'open', 'dispatch', $3)`,
  [groupId, slug, categories],
);
const userIds = Array.from({ length: HELPERS + 1 }, () => randomUUID());
const moderatorId = userIds[0]!;
await copy(
  'users',
  ['id', 'email', 'display_name', 'languages', 'email_verified_at'],
  userIds.map((id, i) => [
    id,
    `helper${i}@bench.example`,
    `Helper ${i}`,
    `{${pick(['en', 'fr', 'es', 'pa'])}}`,
    '2026-01-01T00:00:00Z',
  ]),
);
await copy(
  'memberships',
  ['group_id', 'user_id', 'role', 'status', 'joined_at'],
  userIds.map((id, i) => [
    groupId,
    id,
    i === 0 ? 'admin' : 'member',
    'active',
    '2026-01-01T00:00:00Z',
  ]),
);
await copy(
  'helper_profiles',
  [
    'group_id',
    'user_id',
    'categories',
    'languages',
    'has_car',
    'latitude',
    'longitude',
    'travel_km',
    'available_until',
  ],
  userIds
    .slice(1)
    .map((id) => [
      groupId,
      id,
      `{${pick(categories)},${pick(categories)}}`,
      `{${pick(['en', 'fr', 'es', 'pa'])}}`,
      random() < 0.3 ? 'true' : 'false',
      Math.round((48.3 + random() * 0.3) * 200) / 200,
      Math.round((-123.6 + random() * 0.4) * 200) / 200,
      1 + Math.floor(random() * 20),
      random() < 0.1 ? '2099-01-01T00:00:00Z' : null,
    ]),
);
const askIds = Array.from({ length: OPEN_ASKS }, () => randomUUID());
await copy(
  'posts',
  [
    'id',
    'group_id',
    'author_id',
    'kind',
    'category',
    'title',
    'urgency',
    'latitude',
    'longitude',
    'created_at',
    'expires_at',
  ],
  askIds.map((id, i) => [
    id,
    groupId,
    pick(userIds.slice(1)),
    'ask',
    pick(categories),
    `Ask ${i}`,
    pick(['today', 'this-week', 'flexible']),
    48.3 + random() * 0.3,
    -123.6 + random() * 0.4,
    new Date(Date.UTC(2026, 10, 20) + i * 60_000).toISOString(),
    '2099-01-01T00:00:00Z',
  ]),
);
await pool.query('ANALYZE');
const seeded = Date.now() - started;
const cookie = `__Host-kindred_session=${await startSession(server.deps, server.deps.db, moderatorId)}`;

type Query = { text: string; values?: unknown[] };
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
async function recordRequest(url: string) {
  recording = [];
  const response = await fetch(base + url, { headers: { cookie } });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
  const queries = recording;
  recording = null;
  return queries;
}
const serverTimes: number[] = [];
server.app.server.on('request', (_request, response) => {
  const start = process.hrtime.bigint();
  response.on('finish', () => serverTimes.push(Number(process.hrtime.bigint() - start) / 1e6));
});
function load(paths: string[]) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.ts', import.meta.url), {
      workerData: {
        url: base,
        connections: CONNECTIONS,
        duration: SECONDS,
        paths,
        headers: { cookie },
      },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}
const raw = new pg.Pool({
  connectionString: (pool as unknown as { options: { connectionString: string } }).options
    .connectionString,
  max: 10,
});
async function floor(requests: Query[][]) {
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
  return times;
}
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const fmt = (n: number) => n.toFixed(1);

const scenarios = [
  {
    name: 'suggestions for one ask',
    paths: askIds.slice(0, 100).map((id) => `/api/v1/posts/${id}/suggestions?limit=3`),
  },
  { name: 'dispatch board', paths: [`/api/v1/groups/${slug}/board`] },
];
const rows: string[] = [];
const only = process.env.BENCH_ONLY;
for (const scenario of scenarios.filter((s) => !only || s.name.includes(only))) {
  const recorded: Query[][] = [];
  for (const url of scenario.paths.slice(0, 20)) recorded.push(await recordRequest(url));
  if (process.env.BENCH_EXPLAIN) {
    for (const query of recorded[0]!) {
      if (!/^\s*select/i.test(query.text)) continue;
      const plan = await pool.query({
        text: `EXPLAIN (ANALYZE, COSTS OFF) ${query.text}`,
        values: query.values ?? [],
      } as pg.QueryConfig);
      console.log(
        `\n${scenario.name}:\n  ${plan.rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n  ')}`,
      );
    }
  }
  // One request at a time first: the time it takes when nothing queues.
  serverTimes.length = 0;
  for (const url of scenario.paths.slice(0, 20)) await recordRequest(url);
  const single = serverTimes.splice(0);
  const api = await load(scenario.paths);
  const apiTimes = serverTimes.splice(0);
  const apiRps = apiTimes.length / SECONDS;
  const rawTimes = await floor(recorded);
  const rawRps = rawTimes.length / SECONDS;
  rows.push(
    `| ${scenario.name}, one at a time (inside the server) | | ${fmt(percentile(single, 50))} | ${fmt(percentile(single, 95))} | | 0 |`,
    `| ${scenario.name} (API, inside the server) | ${Math.round(apiRps)} | ${fmt(percentile(apiTimes, 50))} | ${fmt(percentile(apiTimes, 95))} | ${fmt(percentile(apiTimes, 99))} | ${api.errors + api.non2xx} |`,
    `| ${scenario.name} (same ${recorded[0]!.length} queries through pg) | ${Math.round(rawRps)} | ${fmt(percentile(rawTimes, 50))} | ${fmt(percentile(rawTimes, 95))} | ${fmt(percentile(rawTimes, 99))} | 0 |`,
    `| ${scenario.name}: API / raw throughput | ${(apiRps / rawRps).toFixed(2)} | | | | |`,
  );
}
await raw.end();
console.log(
  `\n${HELPERS} helper profiles and ${OPEN_ASKS} open asks in one dispatch group, loaded in ${(seeded / 1000).toFixed(1)} s with COPY.`,
);
console.log(
  `${CONNECTIONS} connections, ${SECONDS} s each, on ${os.cpus().length} cores (${os.cpus()[0]?.model})\n`,
);
console.log('| scenario | req/s | p50 ms | p95 ms | p99 ms | errors |\n|---|---|---|---|---|---|');
console.log(rows.join('\n'));
await server.stop();
await fs.rm(dataDir, { recursive: true, force: true });
