import fs from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { type Config, ConfigError } from '../config.ts';
import { createDb, createPool, type Db } from './client.ts';
import { type EmbeddedPostgres, isAlive, startEmbeddedPostgres } from './embedded.ts';

export type Database = {
  db: Db;
  pool: pg.Pool;
  /** Closes the pool and, when this process owns the embedded cluster, stops it cleanly. */
  close(): Promise<void>;
};

type OpenOptions = {
  config: Config;
  onLog?: (message: string) => void;
  /** The server stops the embedded cluster on exit; a CLI command only stops one it started. */
  ownsEmbedded: boolean;
  poolSize?: number;
};

/** Connects to DATABASE_URL, or starts (or attaches to) the embedded PostgreSQL. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  const { config, onLog, ownsEmbedded, poolSize } = options;
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, onLog });
    url = embedded.url;
  }
  const pool = createPool(url, poolSize);
  try {
    await checkServer(pool, config.databaseUrl !== undefined);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    db: createDb(pool),
    pool,
    async close() {
      await pool.end();
      if (!embedded) return;
      const shouldStop =
        ownsEmbedded || (embedded.isStartedHere && !(await isServerRunning(config)));
      if (shouldStop) await embedded.stop();
    },
  };
}

async function checkServer(pool: pg.Pool, isExternal: boolean) {
  let version: number;
  try {
    const result = await pool.query<{ v: string }>('SHOW server_version_num');
    version = Number(result.rows[0]?.v);
  } catch (error) {
    throw new ConfigError(describeConnectionError(error, isExternal));
  }
  if (version < 150000) {
    throw new ConfigError(
      'Kindred needs PostgreSQL 15 or newer; DATABASE_URL points at an older server.',
    );
  }
}

/** A sentence a person can act on, without the password from the connection string. */
export function describeConnectionError(error: unknown, isExternal: boolean): string {
  const e = error as NodeJS.ErrnoException & { code?: string };
  const where = isExternal ? 'the database in DATABASE_URL' : 'the embedded PostgreSQL';
  const fix = isExternal
    ? 'Check DATABASE_URL and that PostgreSQL is running and reachable.'
    : 'Check the log in KINDRED_DATA_DIR/postgres/server.log.';
  switch (e.code) {
    case 'ECONNREFUSED':
      return `Could not connect to ${where}: the connection was refused. ${fix}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Could not connect to ${where}: its host name was not found. ${fix}`;
    case 'ETIMEDOUT':
      return `Could not connect to ${where}: it did not answer in time. ${fix}`;
    case '28P01':
    case '28000':
      return `Could not sign in to ${where}: the user name or password was refused. ${fix}`;
    case '3D000':
      return `Could not connect to ${where}: the database does not exist. Create it (createdb NAME) or fix DATABASE_URL.`;
    default:
      return `Could not connect to ${where}: ${e.message?.replace(/postgres(ql)?:\/\/\S+/g, '<DATABASE_URL>')}. ${fix}`;
  }
}

// The running server marks its data folder with its pid, so CLI commands leave its cluster alone.
const lockFile = (config: Config) => path.join(config.dataDir, 'kindred.pid');

async function isServerRunning(config: Config): Promise<boolean> {
  const pid = Number(await fs.readFile(lockFile(config), 'utf8').catch(() => ''));
  if (!pid || pid === process.pid) return false;
  return isAlive(pid);
}

/** Claims the data folder for this server process; refuses when another server already has it. */
export async function claimDataDir(config: Config): Promise<() => Promise<void>> {
  await fs.mkdir(config.dataDir, { recursive: true });
  if (await isServerRunning(config)) {
    const pid = (await fs.readFile(lockFile(config), 'utf8')).trim();
    throw new ConfigError(
      `Kindred is already running with the data folder ${config.dataDir} (process ${pid}). Stop it first, or start this one with another KINDRED_DATA_DIR and PORT.`,
    );
  }
  await fs.writeFile(lockFile(config), String(process.pid));
  return () => fs.rm(lockFile(config), { force: true });
}
