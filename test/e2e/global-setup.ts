import { findChromium } from '../support/chromium.ts';

/** Finds (and, the first time, unpacks) the Chromium every browser test file launches. */
export default async function setup() {
  const found = await findChromium();
  process.stdout.write(
    `Browser tests use Chromium at ${found.executablePath} (${found.source}).\n`,
  );
}
