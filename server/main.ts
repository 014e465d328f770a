import type { Logger } from 'pino';
import { buildApp } from './app.ts';
import { type Config, ConfigError } from './config.ts';
import { runMigrations } from './db/migrate.ts';
import { claimDataDir, openDatabase } from './db/open.ts';
import type { Deps } from './deps.ts';
import { jobHandlers } from './jobs/handlers.ts';
import { createJobs, type JobRunner } from './jobs/queue.ts';
import { createLogger } from './log.ts';
import { createMailer } from './mail/mailer.ts';
import { prepareSetupLink } from './modules/accounts/setup.ts';
import { loadVapid } from './push/vapid.ts';
import { loadSecret } from './secret.ts';
import { webRoot } from './web-build.ts';

/** config → database (embedded or DATABASE_URL) → migrations → HTTP, and a clean stop on SIGTERM. */
export async function startServer(config: Config, log: Logger = createLogger(config)) {
  const releaseDataDir = await claimDataDir(config);
  const database = await openDatabase({
    config,
    ownsEmbedded: true,
    onLog: (message) => log.info(message),
  }).catch(async (error) => {
    await releaseDataDir();
    throw error;
  });
  const stopEverything = async () => {
    await database
      .close()
      .catch((error: Error) => log.error({ reason: error.message }, 'database did not close'));
    await releaseDataDir();
  };

  let app: Awaited<ReturnType<typeof buildApp>>;
  let built: typeof app | undefined;
  let deps: Deps;
  let jobs: JobRunner | undefined;
  try {
    await runMigrations(database.pool);
    const secret = await loadSecret(config);
    const mailer = createMailer({ config, db: database.db, log });
    jobs = createJobs({ pool: database.pool, log });
    deps = {
      config,
      db: database.db,
      pool: database.pool,
      secret,
      mailer,
      vapid: await loadVapid(config),
      jobs,
      log,
      lifecycle: { isShuttingDown: false },
      webRoot,
    };
    app = await buildApp(deps);
    built = app;
    // Jobs first: a request may enqueue one the moment the server listens.
    await jobs.start(jobHandlers(deps));
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    // Closing the app releases its LISTEN connection, which the pool would wait for.
    await built?.close().catch(() => undefined);
    await jobs?.stop().catch(() => undefined);
    await stopEverything();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ConfigError(
        `PORT ${config.port} is already in use on ${config.host}. Stop the program using it, or start Kindred with another port, e.g. PORT=3001 npm start.`,
      );
    }
    if ((error as NodeJS.ErrnoException).code === 'EADDRNOTAVAIL') {
      throw new ConfigError(
        `HOST ${config.host} is not an address of this machine. Use 127.0.0.1, or 0.0.0.0 for every address.`,
      );
    }
    throw error;
  }

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const setupLink = await prepareSetupLink(deps);
  printBanner({ config, port, setupLink });

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      log.info('shutting down: finishing requests in flight');
      deps.lifecycle.isShuttingDown = true;
      await app.close();
      // Running jobs finish (an email being sent is sent); queued ones wait for the next start.
      await jobs!.stop();
      deps.mailer.close();
      await stopEverything();
      log.info('stopped cleanly');
    })();
    return stopping;
  };
  return { app, deps, port, stop };
}

function printBanner(options: { config: Config; port: number; setupLink: string | undefined }) {
  const { config, port, setupLink } = options;
  const lines = [
    '',
    `  Kindred is running at ${config.publicUrl.href}`,
    `  (listening on ${config.host}:${port}; API docs at ${new URL('/api/docs', config.publicUrl).href})`,
  ];
  if (!config.smtpUrl) {
    lines.push(
      `  No SMTP_URL: emails go to the outbox at ${new URL('/dev/outbox', config.publicUrl).href}`,
    );
  }
  if (setupLink) {
    lines.push(
      '',
      '  This Kindred has no administrator yet. Open this one-time link to create the first one:',
      `    ${setupLink}`,
      '  (or run: npx kindred user create --email you@example.org --name "Your name" --admin)',
    );
  }
  lines.push('  Press Ctrl+C to stop.', '');
  process.stdout.write(`${lines.join('\n')}\n`);
}
