// npm run bench (part 3): a group at the scale seen in Victoria (11,000 members, 2,000 posts,
// 30,000 comments, 60,000 reactions, loaded with COPY): the first feed page, a post page and
// a search, through the API and as the same queries straight through `pg`. Not a test.
// Aim (issue 4): feed p99 under 50 ms and at least half the raw-SQL throughput; search p95
// under 50 ms.
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
const MEMBERS = 11_000;
const POSTS = 2_000;
const COMMENTS = 30_000;
const REACTIONS = 60_000;
const WORDS = [
  'groceries',
  'pharmacy',
  'lift',
  'bike',
  'diapers',
  'deposit',
  'soup',
  'taxes',
  'garden',
  'phone',
];

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

// Reproducible data.
let seed = 11;
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
const slug = 'victoria-mutual-aid';
await pool.query(
  `INSERT INTO groups (id, slug, kind, name, latitude, longitude, radius_km, visibility, join_policy, categories)
   VALUES ($1, $2, 'group', 'Victoria Mutual Aid', 48.4284, -123.3656, 15, 'public', 'open',
           ARRAY['groceries','prescriptions','meals','transport','errands','repairs','paperwork','childcare','household','chat','money','skills','other'])`,
  [groupId, slug],
);
const userIds = Array.from({ length: MEMBERS }, () => randomUUID());
await copy(
  'users',
  ['id', 'email', 'display_name', 'email_verified_at'],
  userIds.map((id, i) => [id, `member${i}@bench.example`, `Member ${i}`, '2026-01-01T00:00:00Z']),
);
await copy(
  'memberships',
  ['group_id', 'user_id', 'role', 'status', 'joined_at'],
  userIds.map((id, i) => [
    groupId,
    id,
    i < 11 ? 'admin' : i < 40 ? 'moderator' : 'member',
    'active',
    '2026-01-01T00:00:00Z',
  ]),
);
const postIds = Array.from({ length: POSTS }, () => randomUUID());
const kinds = ['ask', 'ask', 'ask', 'offer', 'offer', 'info', 'question'] as const;
const categories = ['groceries', 'prescriptions', 'meals', 'transport', 'errands', 'repairs'];
await copy(
  'posts',
  [
    'id',
    'group_id',
    'author_id',
    'kind',
    'category',
    'title',
    'body',
    'urgency',
    'latitude',
    'longitude',
    'created_at',
    'expires_at',
  ],
  postIds.map((id, i) => {
    const kind = pick(kinds);
    const word = pick(WORDS);
    const created = new Date(Date.UTC(2026, 10, 1) + i * 15 * 60_000);
    return [
      id,
      groupId,
      pick(userIds),
      kind,
      kind === 'ask' || kind === 'offer' ? pick(categories) : null,
      `${kind === 'ask' ? 'Need help with' : 'About'} ${word} ${i}`,
      `Details about ${word} and ${pick(WORDS)}. Please reply here if you can help.`,
      kind === 'ask' ? pick(['today', 'this-week', 'flexible']) : null,
      48.4 + random() * 0.1,
      -123.4 + random() * 0.1,
      created.toISOString(),
      kind === 'ask' ? new Date(created.getTime() + 60 * 86_400_000).toISOString() : null,
    ];
  }),
);
await copy(
  'comments',
  ['post_id', 'author_id', 'body', 'created_at'],
  Array.from({ length: COMMENTS }, (_, i) => [
    pick(postIds),
    pick(userIds),
    `I can help with that (${i}).`,
    new Date(Date.UTC(2026, 10, 2) + i * 60_000).toISOString(),
  ]),
);
const reactionKinds = ['heart', 'thanks', 'support', 'celebrate'];
await copy(
  'reactions',
  ['post_id', 'user_id', 'kind'],
  Array.from({ length: REACTIONS }, (_, i) => [
    postIds[i % POSTS]!,
    userIds[Math.floor(i / POSTS) * 7 + (i % 7)]!,
    reactionKinds[Math.floor(i / POSTS) % 4]!,
  ]),
);
await pool.query('ANALYZE');
const seeded = Date.now() - started;

const cookie = `__Host-kindred_session=${await startSession(server.deps, server.deps.db, userIds[100]!)}`;

// The queries one API request sends, recorded from the server's own pool, to replay as the floor.
type Query = { text: string; values?: unknown[]; name?: string; rowMode?: string; types?: unknown };
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
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
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
  { name: 'first feed page', paths: [`/api/v1/groups/${slug}/posts`] },
  { name: 'post page', paths: postIds.slice(0, 200).map((id) => `/api/v1/posts/${id}`) },
  {
    name: 'search',
    paths: WORDS.map((word) => `/api/v1/groups/${slug}/posts?q=${word}&status=all`),
  },
];
const rows: string[] = [];
const only = process.env.BENCH_ONLY;
for (const scenario of scenarios.filter((s) => !only || s.name.includes(only))) {
  const recorded: Query[][] = [];
  for (const url of scenario.paths.slice(0, 50)) recorded.push(await recordRequest(url));
  if (process.env.BENCH_EXPLAIN) {
    // The plan and time of each query behind one request of this scenario.
    for (const query of recorded[0]!) {
      if (!/^\s*select/i.test(query.text)) continue;
      const plan = await pool.query({
        text: `EXPLAIN (ANALYZE, COSTS OFF) ${query.text}`,
        values: query.values ?? [],
      } as pg.QueryConfig);
      const rows = plan.rows.map((row: Record<string, string>) => row['QUERY PLAN']);
      console.log(`\n${scenario.name}: ${query.text.slice(0, 160)}\n  ${rows.join('\n  ')}`);
    }
  }
  serverTimes.length = 0;
  const api = await load(scenario.paths);
  const apiTimes = serverTimes.splice(0);
  const apiRps = apiTimes.length / SECONDS;
  const rawTimes = await floor(recorded);
  const rawRps = rawTimes.length / SECONDS;
  rows.push(
    `| ${scenario.name} (API, inside the server) | ${Math.round(apiRps)} | ${fmt(percentile(apiTimes, 50))} | ${fmt(percentile(apiTimes, 95))} | ${fmt(percentile(apiTimes, 99))} | ${api.errors + api.non2xx} |`,
    `| ${scenario.name} (same ${recorded[0]!.length} queries through pg) | ${Math.round(rawRps)} | ${fmt(percentile(rawTimes, 50))} | ${fmt(percentile(rawTimes, 95))} | ${fmt(percentile(rawTimes, 99))} | 0 |`,
    `| ${scenario.name}: API / raw throughput | ${(apiRps / rawRps).toFixed(2)} | | | | |`,
  );
}
await raw.end();

console.log(
  `\nVictoria scale: ${MEMBERS} members, ${POSTS} posts, ${COMMENTS} comments, ${REACTIONS} reactions, loaded in ${(seeded / 1000).toFixed(1)} s with COPY.`,
);
console.log(
  `${CONNECTIONS} connections, ${SECONDS} s each, on ${os.cpus().length} cores (${os.cpus()[0]?.model})\n`,
);
console.log('| scenario | req/s | p50 ms | p95 ms | p99 ms | errors |\n|---|---|---|---|---|---|');
console.log(rows.join('\n'));
console.log(
  `\nserver process memory (RSS) at the end: ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`,
);

await server.stop();
await fs.rm(dataDir, { recursive: true, force: true });
