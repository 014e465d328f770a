import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const webRoot = path.join(projectRoot, 'dist', 'web');

const SOURCES = ['web', 'common', 'package-lock.json'];

async function newestChange(target: string): Promise<number> {
  const stat = await fs.stat(target).catch(() => undefined);
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  const entries = await fs.readdir(target, { withFileTypes: true });
  let newest = stat.mtimeMs;
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, await newestChange(path.join(target, entry.name)));
  }
  return newest;
}

/** Builds the web app when its build is missing or older than its sources. */
export async function ensureWebBuild(log: (message: string) => void): Promise<void> {
  const built = await fs.stat(path.join(webRoot, 'index.html')).catch(() => undefined);
  const sources = Math.max(
    ...(await Promise.all(SOURCES.map((s) => newestChange(path.join(projectRoot, s))))),
  );
  if (built && built.mtimeMs >= sources) return;
  const viteBin = path.join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const hasVite = await fs.access(viteBin).then(
    () => true,
    () => false,
  );
  if (!hasVite) {
    if (built) return; // a production install without dev tools serves the build it was given
    throw new Error(
      'The web app is not built and Vite is not installed. Run `npm install` then `npm run build`.',
    );
  }
  log(built ? 'The web app changed: rebuilding it…' : 'Building the web app (first start only)…');
  // In a child process: the build's memory is returned to the system, not kept by the server.
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        viteBin,
        'build',
        '--config',
        path.join(projectRoot, 'web', 'vite.config.ts'),
        '--logLevel',
        'warn',
      ],
      {
        cwd: projectRoot,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0)
    throw new Error(
      'The web app did not build (see the messages above). Fix it, or run `npm run build` to see more.',
    );
}
