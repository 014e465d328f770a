import fs from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { freePort } from '../../server/db/embedded.ts';
import { projectRoot } from '../../server/web-build.ts';
import { CHROMIUM_FLAGS, findChromium } from '../support/chromium.ts';
import { uniqueEmail } from '../support/factories.ts';
import {
  childEnv,
  type RunningServer,
  runKindred,
  startKindred,
  tempDataDir,
} from '../support/process.ts';
import { startPushService } from '../support/push-service.ts';
import { linkIn, startSmtp } from '../support/smtp.ts';

export { CHROMIUM_FLAGS } from '../support/chromium.ts';

export const EXIT_PAGE = 'https://www.bbc.co.uk/weather';
const SCREENSHOTS = path.join(projectRoot, 'test-results', 'screenshots');

/**
 * Kindred started as a newcomer would (`kindred start`), with a real SMTP listener for its mail.
 * Whatever part fails to start, the parts already started are stopped before the error is
 * thrown: a run leaves no server, PostgreSQL or browser behind.
 */
export async function startStack() {
  const undo: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    const errors: unknown[] = [];
    for (const step of undo.reverse()) await step().catch((error: unknown) => errors.push(error));
    undo.length = 0;
    if (errors.length > 0) throw errors[0];
  };
  try {
    const smtp = await startSmtp();
    undo.push(() => smtp.close());
    // The push service browsers would use, here the local stand-in (a browser offline cannot
    // reach its real one): the server posts every push to it.
    const push = await startPushService();
    undo.push(() => push.close());
    const dataDir = await tempDataDir();
    undo.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const env = childEnv({
      KINDRED_DATA_DIR: dataDir,
      PORT: String(port),
      SMTP_URL: smtp.url,
      PUSH_SERVICE_HOSTS: push.host,
    });
    const server = await startKindred(env, port);
    undo.push(() => stopKindred(server));
    const found = await findChromium();
    const browser: Browser = await chromium.launch({
      executablePath: found.executablePath,
      args: CHROMIUM_FLAGS,
      env: { ...process.env, ...found.env } as Record<string, string>,
    });
    undo.push(() => browser.close());
    return stackOf({ smtp, push, env, server, browser, port, stop: stopAll });
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}

/** SIGTERM, then SIGKILL if it has not stopped in 20 s (its embedded PostgreSQL goes with it). */
async function stopKindred(server: RunningServer) {
  if (server.child.exitCode !== null) return;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 20_000);
  await server.exited;
  clearTimeout(timer);
}

function stackOf(parts: {
  smtp: Awaited<ReturnType<typeof startSmtp>>;
  push: Awaited<ReturnType<typeof startPushService>>;
  env: NodeJS.ProcessEnv;
  server: RunningServer;
  browser: Browser;
  port: number;
  stop: () => Promise<void>;
}) {
  const { smtp, push, env, server, browser, port } = parts;
  const baseUrl = `http://localhost:${port}`;
  return {
    smtp,
    push,
    server,
    browser,
    baseUrl,
    /** Runs a `kindred` CLI command against this stack (it shares the running server's PostgreSQL). */
    kindred: (args: string[]) => runKindred(args, env),
    /** A fresh browser profile at a given width; anything not on this machine is stubbed out. */
    async newPage(
      options: {
        width?: number;
        locale?: string;
        geolocation?: { latitude: number; longitude: number };
      } = {},
    ) {
      const context: BrowserContext = await browser.newContext({
        viewport: { width: options.width ?? 360, height: 800 },
        locale: options.locale ?? 'en-GB',
        ...(options.geolocation
          ? { geolocation: options.geolocation, permissions: ['geolocation'] }
          : {}),
      });
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith(baseUrl)) return route.continue();
        return route.fulfill({
          status: 200,
          contentType: 'text/html',
          body: '<title>Weather</title><h1>Weather</h1>',
        });
      });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
    /**
     * A browser profile signed in as a new person: sign-up and the emailed link go through
     * the real API and SMTP, as the sign-up pages would send them.
     */
    async signedInPage(
      options: { name?: string; width?: number; locale?: string; isAdmin?: boolean } = {},
    ) {
      const page = await this.newPage(options);
      const email = uniqueEmail('e2e');
      const name = options.name ?? `Neighbour ${email.slice(4, 9)}`;
      const headers = { origin: baseUrl };
      if (options.isAdmin) {
        // Instance administrators are made with the CLI, then sign in by emailed link.
        const made = await runKindred(
          ['user', 'create', '--email', email, '--name', name, '--admin'],
          env,
        );
        expect(made.code).toBe(0);
      }
      const signUp = await page.request.post(
        `${baseUrl}/api/v1/auth/${options.isAdmin ? 'email-link' : 'sign-up'}`,
        { data: { email, displayName: name }, headers },
      );
      expect(signUp.status()).toBe(202);
      const token = /#token=([A-Za-z0-9_-]+)/.exec(linkIn(await smtp.waitFor(email)))![1]!;
      const confirmed = await page.request.post(`${baseUrl}/api/v1/auth/email-link/confirm`, {
        data: { token },
        headers,
      });
      expect(confirmed.status()).toBe(200);
      return { page, email, name };
    },
    stop: parts.stop,
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

/**
 * The stack for a whole test file: started before its tests, a screenshot of every open page
 * after a failed test, and stopped after the file whatever failed (even its own start).
 */
export function useStack(): Stack {
  let current: Stack | undefined;
  beforeAll(async () => {
    current = await startStack();
  });
  afterEach(async (context) => {
    if (!current) return;
    const hasFailed = (context.task.result?.errors?.length ?? 0) > 0;
    await captureFailure(current.browser, context.task.name, hasFailed);
  });
  afterAll(async () => {
    await current?.stop();
    current = undefined;
  });
  return new Proxy({} as Stack, {
    get(_target, key) {
      if (!current) throw new Error('useStack: the stack starts in beforeAll; use it in tests');
      return current[key as keyof Stack];
    },
  });
}

/** After a failed test: a screenshot of every page still open (test-results/failures), then close them. */
export async function captureFailure(browser: Browser, testName: string, hasFailed: boolean) {
  const contexts = browser.contexts();
  if (hasFailed) {
    const dir = path.join(projectRoot, 'test-results', 'failures');
    await fs.mkdir(dir, { recursive: true });
    const slug = testName.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    let n = 0;
    for (const context of contexts) {
      for (const page of context.pages()) {
        await page
          .screenshot({ path: path.join(dir, `${slug}-${n++}.png`), fullPage: true })
          .catch(() => undefined);
      }
    }
  }
  await Promise.all(contexts.map((context) => context.close()));
}

/** No serious or critical accessibility violations on the page as it is now. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(serious.join('\n'), `axe on ${page.url()}`).toBe('');
}

/** Screenshots at phone and desktop widths, kept as test artefacts (not committed). */
export async function screenshots(page: Page, name: string) {
  await fs.mkdir(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize() ?? { width: 360, height: 800 };
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(original);
}

/** The page fits a 360 px phone: nothing scrolls sideways. */
export async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

/** Waits for the page's one h1 with this name. */
export const h1 = (page: Page, name: string | RegExp) =>
  page.getByRole('heading', { level: 1, name }).waitFor();

/**
 * Every response body the page receives from now on, to look for leaks in its traffic. Before
 * asserting that something never arrived, `await traffic.received()`: the page fetches a marker,
 * and once the marker's body is recorded, so is every response that arrived before it.
 */
export function recordTraffic(page: Page) {
  const bodies: string[] = [];
  const reading = new Set<Promise<unknown>>();
  page.on('response', (response) => {
    // An event stream never ends, and carries no data (`data: {}`).
    if (response.headers()['content-type']?.startsWith('text/event-stream')) return;
    const read = response
      .body()
      .then((body) => bodies.push(body.toString('utf8')))
      .catch(() => undefined)
      .finally(() => reading.delete(read));
    reading.add(read);
  });
  return Object.assign(bodies, {
    async received() {
      const marker = `marker-${Math.random().toString(36).slice(2)}`;
      const seen = page.waitForResponse((response) => response.url().includes(marker));
      await page.evaluate((id) => fetch(`/api/health?${id}`).then((r) => r.text()), marker);
      await seen;
      await Promise.all([...reading]);
    },
  });
}
