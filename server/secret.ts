import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from './config.ts';

/** SESSION_SECRET, or a random one made at first start and kept in the data folder (mode 0600). */
export async function loadSecret(config: Config): Promise<string> {
  if (config.sessionSecret) return config.sessionSecret;
  const file = path.join(config.dataDir, 'secret');
  const existing = await fs.readFile(file, 'utf8').catch(() => '');
  if (existing.trim().length >= 32) return existing.trim();
  await fs.mkdir(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  await fs.writeFile(file, secret, { mode: 0o600 });
  return secret;
}
