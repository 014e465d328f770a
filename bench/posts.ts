// npm run bench (part 3): a group at the scale seen in Victoria (11,000 members, 2,000 posts,
// 30,000 comments, 60,000 reactions, loaded with COPY): the first feed page, a post page and
// a search, through the API and as the same queries straight through `pg`. Not a test.
// Aim (issue 4): feed p99 under 50 ms and at least half the raw-SQL throughput; search p95
// under 50 ms.
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

const bench = await startBenchServer();
const { pool, server, base, serverTimes } = bench;
const { random, pick } = seeded(11);
const copy = (table: string, columns: string[], rows: Iterable<Array<string | number | null>>) =>
  copyRows(pool, table, columns, rows);

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
const loadMs = Date.now() - started;

const cookie = `__Host-kindred_session=${await startSession(server.deps, server.deps.db, userIds[100]!)}`;

const recordRequest = queryRecorder(pool, base, { cookie });

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
  const api = await load(base, scenario.paths, { cookie });
  const apiTimes = serverTimes.splice(0);
  const apiRps = apiTimes.length / SECONDS;
  const rawTimes = await rawFloor(bench.url, recorded);
  const rawRps = rawTimes.length / SECONDS;
  rows.push(
    `| ${scenario.name} (API, inside the server) | ${Math.round(apiRps)} | ${fmt(percentile(apiTimes, 50))} | ${fmt(percentile(apiTimes, 95))} | ${fmt(percentile(apiTimes, 99))} | ${api.errors + api.non2xx} |`,
    `| ${scenario.name} (same ${recorded[0]!.length} queries through pg) | ${Math.round(rawRps)} | ${fmt(percentile(rawTimes, 50))} | ${fmt(percentile(rawTimes, 95))} | ${fmt(percentile(rawTimes, 99))} | 0 |`,
    `| ${scenario.name}: API / raw throughput | ${(apiRps / rawRps).toFixed(2)} | | | | |`,
  );
}

console.log(
  `\nVictoria scale: ${MEMBERS} members, ${POSTS} posts, ${COMMENTS} comments, ${REACTIONS} reactions, loaded in ${(loadMs / 1000).toFixed(1)} s with COPY.`,
);
console.log(
  `${CONNECTIONS} connections, ${SECONDS} s each, on ${os.cpus().length} cores (${os.cpus()[0]?.model})\n`,
);
console.log('| scenario | req/s | p50 ms | p95 ms | p99 ms | errors |\n|---|---|---|---|---|---|');
console.log(rows.join('\n'));
console.log(
  `\nserver process memory (RSS) at the end: ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`,
);

await bench.stop();
