// npm run bench:web: the web app's budgets. JavaScript and CSS each route ships on a first
// visit, gzipped, from the Vite build's manifest (budget: 150 KB of JavaScript), then
// Lighthouse (mobile emulation, simulated slow 4G) on the sign-in page, a group feed and a
// post page, signed in as a demo member, and a dispatch board, signed in as its admin (budget:
// performance 90+, accessibility 100).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { loadConfig } from '../server/config.ts';
import { createDb, createPool } from '../server/db/client.ts';
import { runMigrations } from '../server/db/migrate.ts';
import { sessionCookieName } from '../server/http/auth.ts';
import { startSession } from '../server/modules/accounts/sessions.ts';
import { demoEmail } from '../server/seed/demo.ts';
import { seedDatabase } from '../server/seed/seed.ts';
import { ensureWebBuild, projectRoot } from '../server/web-build.ts';
import { CHROMIUM_FLAGS, findChromium } from '../test/support/chromium.ts';
import { benchEnv, startDatabase, startServerProcess } from './support.ts';

const JS_BUDGET_KB = 150;
const misses: string[] = [];
const log = (message: string) => process.stderr.write(`${message}\n`);

// 1. What each route downloads on a first visit.
await ensureWebBuild(log);
const webDir = path.join(projectRoot, 'dist', 'web');
type Chunk = {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
};
const manifest = JSON.parse(
  await fs.readFile(path.join(webDir, '.vite', 'manifest.json'), 'utf8'),
) as Record<string, Chunk>;
const gzSize = new Map<string, number>();
const sizeOf = async (file: string) => {
  if (!gzSize.has(file)) {
    gzSize.set(file, gzipSync(await fs.readFile(path.join(webDir, file)), { level: 9 }).length);
  }
  return gzSize.get(file)!;
};
/** A chunk with everything it imports statically: what must arrive before it runs. */
const closure = (key: string, seen = new Set<string>()) => {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key]?.imports ?? []) closure(imported, seen);
  return seen;
};
const weigh = async (keys: Iterable<string>) => {
  let js = 0;
  let css = 0;
  const cssFiles = new Set<string>();
  for (const key of keys) {
    js += await sizeOf(manifest[key]!.file);
    for (const file of manifest[key]!.css ?? []) cssFiles.add(file);
  }
  for (const file of cssFiles) css += await sizeOf(file);
  return { js, css };
};
const entryKey = Object.keys(manifest).find((key) => manifest[key]!.isEntry)!;
const entry = closure(entryKey);
// The catalogue of the reader's language is fetched before the first render.
const catalogue = Object.keys(manifest).find((key) => key.endsWith('i18n/en.json'));
const firstLoad = new Set([...entry, ...(catalogue ? closure(catalogue) : [])]);
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const sizeRows: string[] = [];
const base = await weigh(firstLoad);
sizeRows.push(`| entry (home, sign in, sign up) | ${kb(base.js)} | ${kb(base.css)} |`);
if (base.js / 1024 > JS_BUDGET_KB) misses.push(`entry: ${kb(base.js)} KB of JavaScript`);
for (const key of manifest[entryKey]!.dynamicImports ?? []) {
  const chunk = manifest[key]!;
  if (!chunk.src?.includes('routes/')) continue;
  const route = new Set([...firstLoad, ...closure(key)]);
  const { js, css } = await weigh(route);
  const name = chunk.src.replace(/^.*routes\//, '').replace(/\.tsx$/, '');
  sizeRows.push(`| ${name} | ${kb(js)} | ${kb(css)} |`);
  if (js / 1024 > JS_BUDGET_KB) misses.push(`${name}: ${kb(js)} KB of JavaScript on first load`);
}
console.log(
  `\n## Web app: first visit to each route, gzipped (budget ${JS_BUDGET_KB} KB of JavaScript)\n\n| route | JavaScript KB | CSS KB |\n|---|--:|--:|\n${sizeRows.join('\n')}`,
);

// `--sizes`: only the weights (quick, while trimming the bundle).
if (process.argv.includes('--sizes')) process.exit(misses.length === 0 ? 0 : 1);

// 2. Lighthouse on three pages of a demo server.
const database = await startDatabase();
const pool = createPool(database.url, 2);
const scores: string[] = [];
try {
  await runMigrations(pool);
  await seedDatabase(pool, { scale: 'demo' });
  const post = await pool.query<{ id: string }>(
    `SELECT id FROM posts WHERE title = 'Lentil soup, six portions'`,
  );
  const idOf = async (name: string) =>
    (await pool.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [demoEmail(name)]))
      .rows[0]!.id;
  // Development mode: production adds upgrade-insecure-requests and __Host- cookies, which
  // plain http on 127.0.0.1 cannot honour. The app and its build are the same.
  const config = loadConfig({
    ...benchEnv(database.url, 0, os.tmpdir()),
    NODE_ENV: 'development',
  });
  const db = createDb(pool);
  const cookieFor = async (name: string) =>
    `${sessionCookieName(config)}=${await startSession({ config, secret: config.sessionSecret! }, db, await idOf(name))}`;
  const member = await cookieFor('ben');
  // Elif runs James Bay's dispatch board.
  const dispatcher = await cookieFor('elif');
  const server = await startServerProcess(database.url, 'bin/kindred.js', {
    NODE_ENV: 'development',
  });
  const found = await findChromium();
  log(`Chromium: ${found.executablePath} (${found.source})`);
  const chrome = await chromeLauncher.launch({
    chromePath: found.executablePath,
    chromeFlags: ['--headless=new', ...CHROMIUM_FLAGS],
    envVars: { ...process.env, ...found.env } as Record<string, string>,
  });
  try {
    const pages = [
      { name: 'sign in', url: '/sign-in', cookie: null },
      { name: 'group feed', url: '/groups/fernwood-neighbours/posts', cookie: member },
      { name: 'post page', url: `/posts/${post.rows[0]!.id}`, cookie: member },
      { name: 'dispatch board', url: '/groups/james-bay-dispatch/board', cookie: dispatcher },
    ];
    for (const page of pages) {
      log(`Lighthouse: ${page.name}…`);
      const measure = async () =>
        (await lighthouse(server.base + page.url, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: ['performance', 'accessibility'],
          ...(page.cookie ? { extraHeaders: { Cookie: page.cookie } } : {}),
        }))!.lhr;
      let lhr = await measure();
      // Lighthouse sometimes fails to record the page's trace (NO_NAVSTART: "Please run
      // Lighthouse again"); such a run measured nothing, so it is run again, at most twice. A
      // run that measured a low score is never run again.
      for (let attempt = 2; lhr.runtimeError && attempt <= 3; attempt++) {
        log(`  ${lhr.runtimeError.code}: measuring again (attempt ${attempt} of 3)…`);
        lhr = await measure();
      }
      if (lhr.runtimeError)
        misses.push(`${page.name}: Lighthouse could not measure it (${lhr.runtimeError.message})`);
      const performance = Math.round((lhr.categories.performance?.score ?? 0) * 100);
      const accessibility = Math.round((lhr.categories.accessibility?.score ?? 0) * 100);
      const metric = (id: string) => lhr.audits[id]?.displayValue ?? '';
      scores.push(
        `| ${page.name} | ${performance} | ${accessibility} | ${metric('first-contentful-paint')} | ${metric('largest-contentful-paint')} | ${metric('total-blocking-time')} | ${metric('cumulative-layout-shift')} |`,
      );
      if (performance < 90) misses.push(`${page.name}: Lighthouse performance ${performance}`);
      const cls = Number(lhr.audits['cumulative-layout-shift']?.numericValue ?? 0);
      if (performance < 90 || cls > 0.05) {
        // What moved, so the shift can be found: each shifted element and its score.
        const shifts = (
          lhr.audits['layout-shifts']?.details as
            | { items?: Array<{ node?: { snippet?: string }; score?: number }> }
            | undefined
        )?.items;
        for (const item of shifts ?? []) {
          log(`${page.name}: shifted ${item.score?.toFixed(3)}: ${item.node?.snippet ?? '?'}`);
        }
      }
      if (accessibility < 100) {
        const failing = (lhr.categories.accessibility?.auditRefs ?? [])
          .filter((ref) => lhr.audits[ref.id]?.score === 0)
          .map((ref) => ref.id);
        misses.push(
          `${page.name}: Lighthouse accessibility ${accessibility} (${failing.join(', ')})`,
        );
      }
    }
  } finally {
    chrome.kill();
    await server.stop();
  }
} finally {
  await pool.end();
  await database.stop();
}
console.log(
  `\n## Lighthouse (mobile, simulated slow 4G)\n\n| page | performance | accessibility | FCP | LCP | TBT | CLS |\n|---|--:|--:|--:|--:|--:|--:|\n${scores.join('\n')}`,
);
console.log(
  misses.length === 0
    ? '\nEvery web budget met.'
    : `\nOver budget:\n${misses.map((m) => `- ${m}`).join('\n')}`,
);
process.exitCode = misses.length === 0 ? 0 : 1;
