// Which Chromium the browser tests and bench:web drive: the system's when there is one, else the
// headless Chromium shipped inside the @sparticuz/chromium npm package (a dev dependency), so a
// machine with only Node.js runs every test.
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../../server/web-build.ts';

/** How every browser run here launches Chromium: browser tests and bench/web.ts alike. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const SYSTEM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
];

export type Chromium = {
  executablePath: string;
  /** Where it came from, for the test log. */
  source: 'CHROME_PATH' | 'system' | 'npm package';
  /** Environment the browser needs (fonts, for the packaged one on a machine without any). */
  env: Record<string, string>;
};

/**
 * `CHROME_PATH` when set, else the first system Chromium found, else the packaged one (unpacked
 * once into node_modules/.cache). `KINDRED_CHROMIUM=bundled` skips the system's, so CI keeps the
 * packaged path working on a machine that has Debian's Chromium.
 */
export async function findChromium(): Promise<Chromium> {
  const wantsBundled = process.env.KINDRED_CHROMIUM === 'bundled';
  if (!wantsBundled && process.env.CHROME_PATH) {
    if (!existsSync(process.env.CHROME_PATH)) {
      throw new Error(`CHROME_PATH is ${process.env.CHROME_PATH}, which does not exist.`);
    }
    return { executablePath: process.env.CHROME_PATH, source: 'CHROME_PATH', env: {} };
  }
  const system = wantsBundled ? undefined : SYSTEM_PATHS.find((candidate) => existsSync(candidate));
  if (system) return { executablePath: system, source: 'system', env: {} };
  return packagedChromium();
}

/**
 * Unpacks @sparticuz/chromium's Brotli archives into a folder of this project's, then renames
 * the folder into place, so two runs starting at once never launch a half-written binary.
 */
async function packagedChromium(): Promise<Chromium> {
  const { default: packaged } = await import('@sparticuz/chromium');
  const manifest = JSON.parse(
    await fs.readFile(
      path.join(projectRoot, 'node_modules', '@sparticuz', 'chromium', 'package.json'),
      'utf8',
    ),
  ) as { version: string };
  const cache = path.join(projectRoot, 'node_modules', '.cache', 'kindred-chromium');
  const folder = path.join(cache, manifest.version);
  const binary = path.join(folder, 'chromium');
  if (!existsSync(binary)) {
    await fs.mkdir(cache, { recursive: true });
    const scratch = await fs.mkdtemp(path.join(cache, 'unpacking-'));
    // The package unpacks into os.tmpdir(), which follows TMPDIR at the moment of each call.
    const before = process.env.TMPDIR;
    process.env.TMPDIR = scratch;
    try {
      await packaged.executablePath();
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
    await fs.writeFile(
      path.join(scratch, 'fonts.conf'),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>${path.join(folder, 'fonts')}</dir><cachedir>${path.join(folder, 'fonts-cache')}</cachedir></fontconfig>\n`,
    );
    await fs.rename(scratch, folder).catch(async (error: NodeJS.ErrnoException) => {
      // Another run put it in place first.
      await fs.rm(scratch, { recursive: true, force: true });
      if (!existsSync(binary)) throw error;
    });
  }
  // Fonts for a machine that has none of its own; a machine with fontconfig keeps its fonts.
  const env: Record<string, string> = existsSync('/etc/fonts/fonts.conf')
    ? {}
    : { FONTCONFIG_PATH: folder, FONTCONFIG_FILE: path.join(folder, 'fonts.conf') };
  return { executablePath: binary, source: 'npm package', env };
}
