import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/support/app.ts';
import { childEnv, runKindred, startKindred, tempDataDir } from '../test/support/process.ts';
import { freePort, runningPort } from './db/embedded.ts';

const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
});

const me = (port: number, token: string) =>
  fetch(`http://127.0.0.1:${port}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });

describe('kindred on the embedded PostgreSQL', () => {
  it('runs CLI commands with or without the server, survives restarts and kill -9, and stops cleanly', async () => {
    const dataDir = await tempDataDir();
    dirs.push(dataDir);
    const port = await freePort();
    const env = childEnv({ KINDRED_DATA_DIR: dataDir, PORT: String(port) });

    // No server running: the command starts PostgreSQL for itself, then stops it.
    const created = await runKindred(
      ['user', 'create', '--email', 'Ada@Example.org', '--name', 'Ada', '--admin'],
      env,
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Created administrator ada@example.org');
    expect(await runningPort(dataDir)).toBeUndefined();
    const password = await fs.stat(path.join(dataDir, 'postgres-password'));
    expect(password.mode & 0o777).toBe(0o600);

    const minted = await runKindred(['token', 'create', '--email', 'ada@example.org'], env);
    expect(minted.code).toBe(0);
    const token = minted.stdout.trim();
    expect(token).toMatch(/^kdr_[A-Za-z0-9_-]{43}$/);

    const server = await startKindred(env, port);
    expect(server.output()).toContain(`Kindred is running at http://localhost:${port}/`);
    expect(server.output()).not.toContain('/setup#token='); // an administrator already exists
    expect((await me(port, token)).status).toBe(200);

    // A second server on the same data folder is refused with a reason.
    const second = await runKindred(
      ['start'],
      childEnv({ KINDRED_DATA_DIR: dataDir, PORT: String(await freePort()) }),
    );
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('already running with the data folder');

    // With the server running, the CLI uses its PostgreSQL and leaves it running.
    const revoked = await runKindred(
      ['token', 'revoke', '--email', 'ada@example.org', '--all'],
      env,
    );
    expect(revoked.stdout).toContain('Revoked 1 token(s).');
    expect((await me(port, token)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(await runningPort(dataDir)).toBeUndefined();

    // Data survives a restart, and a kill -9 of both the server and PostgreSQL (SAFETY 25).
    const again = await startKindred(env, port);
    const fresh = (
      await runKindred(['token', 'create', '--email', 'ada@example.org'], env)
    ).stdout.trim();
    const freshMe = await me(port, fresh);
    expect(await freshMe.json()).toMatchObject({ email: 'ada@example.org', isAdmin: true });
    const pgPid = Number(
      (await fs.readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
    again.child.kill('SIGKILL');
    process.kill(pgPid, 'SIGKILL');
    await again.exited;

    const recovered = await startKindred(env, port);
    expect((await me(port, fresh)).status).toBe(200);
    recovered.child.kill('SIGINT');
    expect(await recovered.exited).toBe(0);
    // Four starts of PostgreSQL and three of Kindred: 24–30 s alone on a slow 2-core host.
  }, 90_000);

  it('prints the one-time setup link on first start, and runs two instances side by side', async () => {
    const [first, second] = await Promise.all([tempDataDir(), tempDataDir()]);
    dirs.push(first, second);
    const [portA, portB] = [await freePort(), await freePort()];
    const [a, b] = await Promise.all([
      startKindred(childEnv({ KINDRED_DATA_DIR: first, PORT: String(portA) }), portA),
      startKindred(childEnv({ KINDRED_DATA_DIR: second, PORT: String(portB) }), portB),
    ]);
    expect(a.output()).toMatch(
      new RegExp(`http://localhost:${portA}/setup#token=[A-Za-z0-9_-]{43}`),
    );
    expect(b.output()).toMatch(
      new RegExp(`http://localhost:${portB}/setup#token=[A-Za-z0-9_-]{43}`),
    );
    expect(await runningPort(first)).not.toBe(await runningPort(second));
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);
  });
});

describe('kindred with DATABASE_URL', () => {
  it('starts no embedded server and stops with exit code 0', async () => {
    const dataDir = await tempDataDir();
    dirs.push(dataDir);
    const port = await freePort();
    const env = childEnv({
      KINDRED_DATA_DIR: dataDir,
      PORT: String(port),
      DATABASE_URL: await createTestDatabase(),
    });
    const server = await startKindred(env, port);
    await expect(fs.access(path.join(dataDir, 'postgres'))).rejects.toThrow();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});

describe('kindred groups import and export', () => {
  it('imports a file with bad rows, reports them, updates on re-import, and exports', async () => {
    const dir = await tempDataDir();
    dirs.push(dir);
    const file = path.join(dir, 'groups.csv');
    await fs.writeFile(
      file,
      [
        'name,location_name,latitude,longitude,external_id',
        'Cli Group One,Leeds,53.8008,-1.5491,c-1',
        'Cli Group Two,York,not-a-number,-1.08,c-2',
        'Cli Group Three,Hull,53.7676,-0.3274,c-3',
      ].join('\n'),
    );
    const env = childEnv({ KINDRED_DATA_DIR: dir, DATABASE_URL: await createTestDatabase() });
    const dry = await runKindred(['groups', 'import', file, '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run, nothing saved: would create 2');
    const first = await runKindred(['groups', 'import', file], env);
    expect(first.stdout).toContain('row 3, latitude: Enter a latitude such as 48.4284.');
    expect(first.stdout).toContain('Created 2, updated 0, unchanged 0, failed 1 (of 3 rows).');
    expect(first.stderr).toContain('Imported 3 of 3 rows');
    const again = await runKindred(['groups', 'import', file], env);
    expect(again.stdout).toContain('Created 0, updated 0, unchanged 2, failed 1');
    const exported = await runKindred(['groups', 'export'], env);
    expect(exported.stdout.trim().split('\n')).toHaveLength(3);
    expect(exported.stdout).toContain('Cli Group One,,Leeds,53.8008,-1.5491');
    const unknownNetwork = await runKindred(['groups', 'import', file, '--network', 'nope'], env);
    expect(unknownNetwork.code).toBe(1);
    expect(unknownNetwork.stderr).toContain('No network has the slug "nope"');
  });
});

describe('clear messages instead of stack traces', () => {
  it('names a malformed DATABASE_URL', async () => {
    const result = await runKindred(['start'], childEnv({ DATABASE_URL: 'not a url' }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL');
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });

  it('names an unreachable database', async () => {
    const port = await freePort();
    const result = await runKindred(
      ['migrate'],
      childEnv({ DATABASE_URL: `postgres://kindred:secretpw@127.0.0.1:${port}/kindred` }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Could not connect to the database in DATABASE_URL');
    expect(result.stderr).not.toContain('secretpw');
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });

  it('names a port in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const dataDir = await tempDataDir();
    dirs.push(dataDir);
    try {
      const result = await runKindred(
        ['start'],
        childEnv({
          KINDRED_DATA_DIR: dataDir,
          PORT: String(port),
          DATABASE_URL: await createTestDatabase(),
        }),
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`PORT ${port} is already in use`);
      expect(result.stderr).not.toMatch(STACK_TRACE);
    } finally {
      blocker.close();
    }
  });

  it('says which Node.js it needs when started on an old one', async () => {
    const pretendOld =
      'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"20.11.1"})';
    const result = await runKindred(['start'], childEnv({}), ['--import', pretendOld]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Kindred needs Node.js 22.18 or newer');
  });

  it('explains an unknown command and a missing option', async () => {
    const unknown = await runKindred(['frobnicate'], childEnv({}));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Unknown command');
    const missing = await runKindred(['user', 'create', '--name', 'No Email'], childEnv({}));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Missing --email');
  });
});
