// npm run bench (part 2): the nearest-groups query among 10,000 groups, through the API and
// as the same SQL straight through `pg`, at the same concurrency. Not a test: no pass/fail.
// Aim (issue 3): p95 under 10 ms, and the API at least half the raw-SQL throughput.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type autocannon from 'autocannon';
import pg from 'pg';
import { CONNECTIONS, SECONDS, startBenchServer } from './support.ts';

const GROUPS = Number(process.env.BENCH_GROUPS ?? 10_000);
const LIMIT = 20;

const bench = await startBenchServer();
const { pool, server, base, serverTimes } = bench;

// 10,000 groups over Britain and Ireland (a national network's spread), reproducibly.
await pool.query('SELECT setseed(0.42)');
await pool.query(
  `INSERT INTO groups (slug, kind, name, location_name, latitude, longitude, radius_km, visibility, join_policy, categories)
   SELECT 'bench-' || n, 'group', 'Bench group ' || n, 'Town ' || n,
          50 + random() * 8.5, -10 + random() * 11.5, 1 + random() * 9,
          (ARRAY['public', 'listed', 'hidden'])[1 + (n % 3)], 'open', ARRAY['groceries']
   FROM generate_series(1, $1) AS n`,
  [GROUPS],
);
await pool.query('ANALYZE groups');

// A reproducible list of points to search from, so every request asks a different question.
let seed = 7;
const random = () => {
  seed = (seed * 16_807) % 2_147_483_647;
  return seed / 2_147_483_647;
};
const points = Array.from({ length: 1000 }, () => [
  (50.5 + random() * 7.5).toFixed(4),
  (-8 + random() * 9).toFixed(4),
]);

// The load comes from its own thread, so it does not share the server's event loop.
function load(connections: number, seconds: number) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.ts', import.meta.url), {
      workerData: {
        url: base,
        connections,
        duration: seconds,
        paths: points.map(([lat, lng]) => `/api/v1/groups?near=${lat},${lng}&limit=${LIMIT}`),
      },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

// One request at a time first: the time one search takes when nothing queues.
await load(1, 2);
serverTimes.length = 0;
const single = await load(1, Math.min(SECONDS, 5));
const singleTimes = serverTimes.splice(0);
const api = await load(CONNECTIONS, SECONDS);

// The same SQL the directory runs, as the same kind of named prepared statement, straight
// through pg: the floor the API is measured against.
const SQL = `SELECT g.id, g.slug, g.kind, g.name, g.description, g.location_name, g.latitude,
    g.longitude, g.radius_km, g.phone, g.email, g.website, g.facebook_url, g.languages,
    g.categories, g.visibility, g.join_policy, g.external_id, earth_distance(ll_to_earth($1::float8, $2::float8), ll_to_earth(g.latitude, g.longitude)) AS distance_m
  FROM groups g
  WHERE g.visibility IN ('public', 'listed') AND g.kind <> 'pod'
  ORDER BY ll_to_earth(g.latitude, g.longitude) <-> ll_to_earth($1::float8, $2::float8), g.id
  LIMIT $3 OFFSET 0`;
const url = (pool as unknown as { options: { connectionString: string } }).options.connectionString;
const raw = new pg.Pool({ connectionString: url, max: 10 });
const rawTimes: number[] = [];
const deadline = Date.now() + SECONDS * 1000;
let rawCount = 0;
let next = 0;
await Promise.all(
  Array.from({ length: CONNECTIONS }, async () => {
    while (Date.now() < deadline) {
      const [lat, lng] = points[next++ % points.length]!;
      const start = process.hrtime.bigint();
      await raw.query({ name: 'floor', text: SQL, values: [lat, lng, LIMIT + 1] });
      rawTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
      rawCount++;
    }
  }),
);
const plan = await raw.query(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${SQL}`, [
  '53.48',
  '-2.24',
  LIMIT + 1,
]);
await raw.end();

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const apiRps = serverTimes.length / SECONDS;
const rawRps = rawCount / SECONDS;
const fmt = (n: number) => n.toFixed(2);

console.log(
  `\nNearest ${LIMIT} of ${GROUPS} groups (a third hidden), ${CONNECTIONS} concurrent, ${SECONDS} s each, on ${os.cpus().length} cores (${os.cpus()[0]?.model})\n`,
);
console.log('| path | req/s | p50 ms | p95 ms | p99 ms | errors |\n|---|---|---|---|---|---|');
console.log(
  `| API, time inside the server | ${Math.round(apiRps)} | ${fmt(percentile(serverTimes, 50))} | ${fmt(percentile(serverTimes, 95))} | ${fmt(percentile(serverTimes, 99))} | ${api.errors + api.non2xx} |`,
);
console.log(
  `| API, as the client sees it | ${Math.round(apiRps)} | ${api.latency.p50} | ${api.latency.p97_5} (p97.5) | ${api.latency.p99} | ${api.errors + api.non2xx} |`,
);
console.log(
  `| same SQL through pg (pool of 10) | ${Math.round(rawRps)} | ${fmt(percentile(rawTimes, 50))} | ${fmt(percentile(rawTimes, 95))} | ${fmt(percentile(rawTimes, 99))} | 0 |`,
);
console.log(
  `| API, one connection, time inside the server | ${Math.round(singleTimes.length / Math.min(SECONDS, 5))} | ${fmt(percentile(singleTimes, 50))} | ${fmt(percentile(singleTimes, 95))} | ${fmt(percentile(singleTimes, 99))} | ${single.errors + single.non2xx} |`,
);
console.log(`\nAPI / raw SQL throughput: ${(apiRps / rawRps).toFixed(2)}`);
console.log(`\nQuery plan:\n${plan.rows.map((row) => `    ${row['QUERY PLAN']}`).join('\n')}`);
console.log(
  `\nserver process memory (RSS) at the end: ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`,
);

await bench.stop();
