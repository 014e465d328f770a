// npm run bench: requests per second and latency of the foundation's hot paths, against a
// real server on the embedded PostgreSQL in a throw-away data folder. Not a test: no pass/fail.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '../server/config.ts';
import { createLogger } from '../server/log.ts';
import { startServer } from '../server/main.ts';
import { startSession } from '../server/modules/accounts/sessions.ts';
import { createUser } from '../server/modules/accounts/users.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

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
const user = await createUser(server.deps, { email: 'bench@example.org', displayName: 'Bench' });
const cookie = `__Host-kindred_session=${await startSession(server.deps, server.deps.db, user.id)}`;

const scenarios = [
  { name: 'GET /api/health (server + SELECT 1)', path: '/api/health', headers: {} },
  { name: 'GET /api/v1/me (signed in)', path: '/api/v1/me', headers: { cookie } },
];

const rows: string[] = [];
for (const s of scenarios) {
  const result = await autocannon({
    url: base + s.path,
    headers: s.headers,
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  const errors = result.errors + result.non2xx;
  rows.push(
    `| ${s.name} | ${Math.round(result.requests.average)} | ${result.latency.p50} | ${result.latency.p99} | ${errors} |`,
  );
}
const memory = Math.round(process.memoryUsage().rss / 1024 / 1024);
console.log(
  `\n${CONNECTIONS} connections, ${SECONDS} s each, on ${os.cpus().length} cores (${os.cpus()[0]?.model})\n`,
);
console.log('| scenario | req/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|');
console.log(rows.join('\n'));
console.log(`\nserver process memory (RSS) at the end: ${memory} MB`);

await server.stop();
await fs.rm(dataDir, { recursive: true, force: true });
