// npm run bench: Kindred's server under load at a seeded scale. Seeds a throw-away database,
// runs the production build as its own process, and for each scenario reports requests per
// second, p50/p95/p99, errors and (for reads) the same SQL straight through pg as a floor.
// Results go to stdout as Markdown and to bench-results/<scale>.json; budgets are checked.
//
//   node bench/run.ts [--scale demo|victoria|national] [--seconds N] [--connections N]
//                     [--only NAME,NAME] [--explain] [--smoke]
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { createPool } from '../server/db/client.ts';
import { runMigrations } from '../server/db/migrate.ts';
import { SCALES, type Scale, seedDatabase } from '../server/seed/seed.ts';
import { ensureWebBuild, projectRoot } from '../server/web-build.ts';
import type { RequestSpec } from './load-worker.ts';
import { buildScenarios } from './scenarios.ts';
import {
  load,
  percentile,
  type Query,
  rawFloor,
  startDatabase,
  startRecorder,
  startServerProcess,
} from './support.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'victoria' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    only: { type: 'string' },
    explain: { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
    /** Measure without the group cache (CACHE_SECONDS=0): every read goes to PostgreSQL. */
    'no-cache': { type: 'boolean', default: false },
  },
});
if (values['no-cache']) process.env.CACHE_SECONDS = '0';
const scale = values.scale as Scale;
if (!SCALES.includes(scale)) throw new Error(`--scale must be one of ${SCALES.join(', ')}`);
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const smoke = values.smoke;

export type Row = {
  name: string;
  kind: 'read' | 'write' | 'mixed';
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  statusCodes: Record<string, number>;
  floor?: { rps: number; p50: number; p95: number; p99: number; queries: number };
  /** Sends no SQL once the cache is warm: no floor to compare with. */
  isFromMemory?: boolean;
  /** For a read from memory: the SQL its requests send cold (nothing kept), replayed. */
  coldFloor?: { rps: number; p95: number; queries: number };
  ratio?: number;
  p99Budget?: number;
  plans?: string[];
};

const log = (message: string) => process.stderr.write(`${message}\n`);
const ms = (n: number) => n.toFixed(1);

await ensureWebBuild(log);
const database = await startDatabase();
const pool: pg.Pool = createPool(database.url, 2);
const rows: Row[] = [];
let memoryMb = 0;
let fanOut: FanOut | null = null;

type FanOut = { asks: number; alerts: number; alertedP95: number; queuedP95: number; late: number };
/** Within this of an ask's commit its helpers are alerted and their deliveries decided. */
const FAN_OUT_BUDGET_MS = 2000;

/**
 * New-ask fan-out, for the asks the write scenarios posted: from each ask's commit to its
 * helpers' alerts written (the ask-alerts job, woken by the ask) and to those alerts' email
 * and push jobs queued (the delivery job, woken by the alerts). Waits for the jobs to catch up
 * first; an ask not decided by then counts as late.
 */
async function measureFanOut(db: pg.Pool, since: Date): Promise<FanOut | null> {
  const query = () =>
    db.query<{ alerted_ms: number | null; queued_ms: number | null; alerts: number }>(
      `SELECT (SELECT extract(epoch FROM a.decided_at - p.created_at) * 1000
                 FROM ask_alerts a WHERE a.post_id = p.id) AS alerted_ms,
              (SELECT extract(epoch FROM max(n.delivered_at) - p.created_at) * 1000
                 FROM notifications n WHERE n.post_id = p.id AND n.kind = 'new-ask') AS queued_ms,
              (SELECT count(*)::int FROM notifications n
                 WHERE n.post_id = p.id AND n.kind = 'new-ask') AS alerts
       FROM posts p WHERE p.kind = 'ask' AND p.created_at >= $1`,
      [since],
    );
  for (let i = 0; i < 20; i++) {
    const { rows: waiting } = await db.query(
      `SELECT 1 FROM posts p WHERE kind = 'ask' AND created_at >= $1
         AND NOT EXISTS (SELECT 1 FROM ask_alerts a WHERE a.post_id = p.id)
       LIMIT 1`,
      [since],
    );
    if (waiting.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const { rows: asks } = await query();
  if (asks.length === 0) return null;
  const alerted = asks.map((a) => (a.alerted_ms === null ? Infinity : Number(a.alerted_ms)));
  const queued = asks
    .filter((a) => a.alerts > 0)
    .map((a) => (a.queued_ms === null ? Infinity : Number(a.queued_ms)));
  return {
    asks: asks.length,
    alerts: asks.reduce((sum, a) => sum + a.alerts, 0),
    alertedP95: percentile(alerted, 95),
    queuedP95: queued.length > 0 ? percentile(queued, 95) : 0,
    late: queued.filter((t) => t > FAN_OUT_BUDGET_MS).length,
  };
}
try {
  await runMigrations(pool);
  log(`Seeding ${scale}…`);
  const seeded = await seedDatabase(pool, { scale, onProgress: (m) => log(`  ${m}`) });
  log(`Seeded in ${seeded.seconds.toFixed(1)} s.`);

  // Sessions, tokens and the SQL behind each read come from an in-process copy of the server.
  const recorder = await startRecorder(database.url);
  const scenarios = (await buildScenarios(pool, recorder.deps)).filter(
    (s) => !values.only || values.only.split(',').some((name) => s.name.includes(name)),
  );
  const recorded = new Map<string, Query[][]>();
  const recordedCold = new Map<string, Query[][]>();
  const plans = new Map<string, string[]>();
  for (const scenario of scenarios.filter((s) => s.kind === 'read' && !smoke)) {
    // Each request three times: the floor replays what a request sends once the caches are warm
    // (as under load: the first reads everything, the second learns which group a slug or post
    // id belongs to and keeps who may read it); the plans are of the first.
    const queries: Query[][] = [];
    const first: Query[][] = [];
    for (const spec of scenario.requests.slice(0, 50)) {
      first.push(await recorder.record(spec));
      await recorder.record(spec);
      queries.push(await recorder.record(spec));
    }
    recorded.set(scenario.name, queries);
    recordedCold.set(scenario.name, first);
    if (values.explain) {
      const lines: string[] = [];
      for (const query of first[0]!) {
        if (!/^\s*(select|with)/i.test(query.text)) continue;
        const plan = await pool.query({
          text: `EXPLAIN (ANALYZE, COSTS OFF, BUFFERS OFF) ${query.text}`,
          values: query.values ?? [],
        } as pg.QueryConfig);
        lines.push(
          `${query.name ?? 'query'}: ${query.text.replace(/\s+/g, ' ').slice(0, 140)}…`,
          ...plan.rows.map((r: Record<string, string>) => `  ${r['QUERY PLAN']}`),
        );
      }
      plans.set(scenario.name, lines);
    }
  }
  await recorder.stop();

  /**
   * Each distinct request of a read once, before it is timed: the run measures the steady state
   * (the cold cost has its own column: the floor of a read answered from memory is its cold SQL).
   * Without it, a scenario over twenty groups' boards spent its first seconds building them.
   */
  const warmUp = async (base: string, requests: RequestSpec[]) => {
    const distinct = new Map(requests.map((spec) => [JSON.stringify(spec), spec]));
    for (const spec of [...distinct.values()].slice(0, 500)) {
      const response = await fetch(base + spec.path, { headers: spec.headers });
      await response.arrayBuffer();
    }
  };
  /**
   * A write cannot be sent twice, so before a write is timed each of its callers signs in once
   * (`GET /api/v1/me` with their token), as a script that has been running has: the run measures
   * the steady state, not 500 tokens' first lookups in its first second.
   */
  const signInOnce = async (base: string, requests: RequestSpec[]) => {
    const callers = new Set(requests.map((spec) => spec.headers?.authorization ?? ''));
    for (const authorization of [...callers].filter(Boolean)) {
      const response = await fetch(`${base}/api/v1/me`, { headers: { authorization } });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`A write's caller could not sign in: ${response.status}`);
    }
  };
  const server = await startServerProcess(database.url);
  const bare = await startServerProcess(database.url, 'bench/bare.ts');
  try {
    const run = async (name: string, base: string, scenario: (typeof scenarios)[number]) => {
      if (scenario.kind === 'read') await warmUp(base, scenario.requests);
      else await signInOnce(base, scenario.requests);
      log(`${name}: ${SECONDS} s at ${CONNECTIONS} connections…`);
      const result = await load(base, scenario.requests, CONNECTIONS, SECONDS, scenario.once);
      const row: Row = {
        name,
        kind: scenario.kind,
        rps: result.requests / result.seconds,
        p50: percentile(result.latencies, 50),
        p95: percentile(result.latencies, 95),
        p99: percentile(result.latencies, 99),
        errors: result.errors + result.non2xx,
        statusCodes: result.statusCodes,
        ...(scenario.p99Budget ? { p99Budget: scenario.p99Budget } : {}),
        ...(plans.has(name) ? { plans: plans.get(name) } : {}),
      };
      const queries = recorded.get(name);
      // A read answered from memory once warm (a kept session, nothing else) has no SQL floor.
      if (queries?.every((sent) => sent.length === 0)) {
        row.isFromMemory = true;
        // What it would cost with nothing kept: its first requests' SQL, replayed the same way.
        const cold = recordedCold.get(name)?.filter((sent) => sent.length > 0) ?? [];
        if (cold.length > 0) {
          const times = await rawFloor(database.url, cold, CONNECTIONS, SECONDS);
          row.coldFloor = {
            rps: times.length / SECONDS,
            p95: percentile(times, 95),
            queries: Math.max(...cold.map((sent) => sent.length)),
          };
          row.ratio = row.rps / row.coldFloor.rps;
        }
      } else if (queries) {
        const times = await rawFloor(database.url, queries, CONNECTIONS, SECONDS);
        row.floor = {
          rps: times.length / SECONDS,
          p50: percentile(times, 50),
          p95: percentile(times, 95),
          p99: percentile(times, 99),
          queries: queries[0]!.length,
        };
        row.ratio = row.rps / row.floor.rps;
      }
      rows.push(row);
    };
    const health = {
      name: 'health',
      kind: 'read' as const,
      requests: [{ path: '/api/health' }],
      once: false,
    };
    if (!values.only) {
      await run('GET /api/health (Kindred: hooks + SELECT 1)', server.base, health);
      await run('GET /api/health (bare Fastify, no database)', bare.base, health);
    }
    const startedAt = new Date();
    for (const scenario of scenarios) await run(scenario.name, server.base, scenario);
    memoryMb = await server.rssMb();
    fanOut = await measureFanOut(pool, startedAt);
  } finally {
    await server.stop();
    await bare.stop();
  }
} finally {
  await pool.end();
  await database.stop();
}

// The report. A read from memory shows the floor of its cold SQL instead, marked as such.
const floorCell = (r: Row) => {
  if (r.floor) return String(Math.round(r.floor.rps));
  if (!r.isFromMemory) return '';
  return r.coldFloor ? `no SQL when warm; cold ${Math.round(r.coldFloor.rps)}` : 'no SQL when warm';
};
const cpu = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}`;
const lines = [
  `\n## ${scale} scale: ${CONNECTIONS} connections, ${SECONDS} s per scenario, ${cpu}, Node ${process.version}\n`,
  '| scenario | req/s | p50 ms | p95 ms | p99 ms | errors | floor req/s | floor p95 ms | API / floor |',
  '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${Math.round(r.rps)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.errors} | ${floorCell(r)} | ${r.floor ? ms(r.floor.p95) : r.coldFloor ? ms(r.coldFloor.p95) : ''} | ${r.ratio ? r.ratio.toFixed(2) : ''} |`,
  ),
  `\nServer process memory (RSS) at the end: ${memoryMb} MB.`,
  fanOut
    ? `\nNew-ask fan-out over the asks the writes posted: ${fanOut.asks} asks, ${fanOut.alerts} alerts; commit to alerts written p95 ${ms(fanOut.alertedP95)} ms, to their deliveries queued p95 ${ms(fanOut.queuedP95)} ms (budget ${FAN_OUT_BUDGET_MS} ms; ${fanOut.late} over).`
    : '\nNew-ask fan-out: no asks were posted in this run.',
];
console.log(lines.join('\n'));
for (const r of rows.filter((row) => row.plans)) {
  console.log(`\n### Plan: ${r.name}\n\n\`\`\`\n${r.plans!.join('\n')}\n\`\`\``);
}

// Budgets (issue 6), at victoria scale; national reads against victoria's figures.
const misses: string[] = [];
for (const r of rows) {
  if (r.errors > 0) misses.push(`${r.name}: ${r.errors} errors (${JSON.stringify(r.statusCodes)})`);
}
if (scale === 'victoria' && fanOut && fanOut.queuedP95 > FAN_OUT_BUDGET_MS) {
  misses.push(
    `new-ask fan-out: deliveries queued p95 ${ms(fanOut.queuedP95)} ms over ${FAN_OUT_BUDGET_MS} ms`,
  );
}
if (scale === 'victoria') {
  for (const r of rows) {
    if (r.p99Budget && r.p99 > r.p99Budget) {
      misses.push(`${r.name}: p99 ${ms(r.p99)} ms over ${r.p99Budget} ms`);
    }
    if (r.ratio !== undefined && r.ratio < 0.5) {
      misses.push(`${r.name}: ${r.ratio.toFixed(2)} of the raw-SQL floor (budget 0.5)`);
    }
    if (r.kind === 'write' && r.p99 > 100)
      misses.push(`${r.name}: p99 ${ms(r.p99)} ms over 100 ms`);
  }
}
const resultsDir = path.join(projectRoot, 'bench-results');
if (scale === 'national') {
  const victoria = await fs
    .readFile(path.join(resultsDir, 'victoria.json'), 'utf8')
    .then((text) => JSON.parse(text) as { rows: Row[] })
    .catch(() => null);
  if (!victoria) misses.push('no victoria results to compare with: run npm run bench first');
  for (const r of rows.filter((row) => row.kind === 'read' && (row.floor || row.isFromMemory))) {
    const before = victoria?.rows.find((v) => v.name === r.name);
    if (before && r.p95 > 1.5 * before.p95) {
      misses.push(`${r.name}: p95 ${ms(r.p95)} ms is over 1.5 × victoria's ${ms(before.p95)} ms`);
    }
  }
}
await fs.mkdir(resultsDir, { recursive: true });
await fs.writeFile(
  path.join(resultsDir, `${scale}.json`),
  `${JSON.stringify({ scale, seconds: SECONDS, connections: CONNECTIONS, cpu, memoryMb, fanOut, rows }, null, 1)}\n`,
);
console.log(
  misses.length === 0
    ? '\nEvery budget met.'
    : `\nOver budget:\n${misses.map((m) => `- ${m}`).join('\n')}`,
);
// A smoke run (in npm test) fails on errors only; budgets are for this machine's full runs.
const failed = smoke ? rows.some((r) => r.errors > 0) : misses.length > 0;
process.exitCode = failed ? 1 : 0;
