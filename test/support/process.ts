import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../server/web-build.ts';

export const kindredBin = path.join(projectRoot, 'bin', 'kindred.js');

/** Environment for a child Kindred: this one's, without a DATABASE_URL unless given. */
export function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.SMTP_URL;
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** A data folder the postgres system user can reach when we run as root. */
export async function tempDataDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kindred-data-'));
  await fs.chmod(dir, 0o711);
  return dir;
}

/** Runs `kindred …` to the end. */
export function runKindred(args: string[], env: NodeJS.ProcessEnv, nodeArgs: string[] = []) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, kindredBin, ...args], {
      env,
      cwd: projectRoot,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export type RunningServer = {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
};

/** Starts `kindred start` and waits until /api/health answers 200 and the banner is printed. */
export async function startKindred(env: NodeJS.ProcessEnv, port: number): Promise<RunningServer> {
  const child = spawn(process.execPath, [kindredBin, 'start'], { env, cwd: projectRoot });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !hasExited) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    // Ready means answering and having printed its banner (which follows the listen by a moment).
    if (ok && output.includes('Kindred is running')) return { child, output: () => output, exited };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`Kindred did not start:\n${output}`);
}
