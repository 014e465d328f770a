// npm run bench (part 4): suggested helpers for one ask among 50,000 helper profiles, and the
// dispatch board of a group with 500 open asks, through the API and as the same queries
// straight through `pg`. Not a test. Aim (issue 5): suggestions p95 under 25 ms, board p95
// under 50 ms, at least half the raw-SQL throughput.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type pg from 'pg';
import { startSession } from '../server/modules/accounts/sessions.ts';
import {
  CONNECTIONS,
  copyRows,
  fmt,
  load,
  percentile,
  type Query,
  queryRecorder,
  rawFloor,
  SECONDS,
  seeded,
  startBenchServer,
} from './support.ts';

const HELPERS = Number(process.env.BENCH_HELPERS ?? 50_000);
const OPEN_ASKS = 500;

const bench = await startBenchServer();
const { pool, server, base, serverTimes } = bench;
const { random, pick } = seeded(5);
const copy = (table: string, columns: string[], rows: Iterable<Array<string | number | null>>) =>
  copyRows(pool, table, columns, rows);

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
const loadMs = Date.now() - started;
const cookie = `__Host-kindred_session=${await startSession(server.deps, server.deps.db, moderatorId)}`;

const recordRequest = queryRecorder(pool, base, { cookie });

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
  const api = await load(base, scenario.paths, { cookie });
  const apiTimes = serverTimes.splice(0);
  const apiRps = apiTimes.length / SECONDS;
  const rawTimes = await rawFloor(bench.url, recorded);
  const rawRps = rawTimes.length / SECONDS;
  rows.push(
    `| ${scenario.name}, one at a time (inside the server) | | ${fmt(percentile(single, 50))} | ${fmt(percentile(single, 95))} | | 0 |`,
    `| ${scenario.name} (API, inside the server) | ${Math.round(apiRps)} | ${fmt(percentile(apiTimes, 50))} | ${fmt(percentile(apiTimes, 95))} | ${fmt(percentile(apiTimes, 99))} | ${api.errors + api.non2xx} |`,
    `| ${scenario.name} (same ${recorded[0]!.length} queries through pg) | ${Math.round(rawRps)} | ${fmt(percentile(rawTimes, 50))} | ${fmt(percentile(rawTimes, 95))} | ${fmt(percentile(rawTimes, 99))} | 0 |`,
    `| ${scenario.name}: API / raw throughput | ${(apiRps / rawRps).toFixed(2)} | | | | |`,
  );
}
console.log(
  `\n${HELPERS} helper profiles and ${OPEN_ASKS} open asks in one dispatch group, loaded in ${(loadMs / 1000).toFixed(1)} s with COPY.`,
);
console.log(
  `${CONNECTIONS} connections, ${SECONDS} s each, on ${os.cpus().length} cores (${os.cpus()[0]?.model})\n`,
);
console.log('| scenario | req/s | p50 ms | p95 ms | p99 ms | errors |\n|---|---|---|---|---|---|');
console.log(rows.join('\n'));
await bench.stop();
