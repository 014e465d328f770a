import fs from 'node:fs/promises';
import path from 'node:path';
import webpush from 'web-push';
import { type Config, ConfigError } from '../config.ts';

/** The keys push services know this server by (RFC 8292), and who to contact about it. */
export type Vapid = { publicKey: string; privateKey: string; subject: string };

/**
 * VAPID keys from the settings, or a pair made at first start and kept in the data folder
 * (mode 0600), so devices subscribed yesterday still receive pushes after a restart.
 */
export async function loadVapid(config: Config): Promise<Vapid> {
  if (config.vapidKeys) return { ...config.vapidKeys, subject: config.vapidSubject };
  const file = path.join(config.dataDir, 'vapid.json');
  const existing = await fs
    .readFile(file, 'utf8')
    .then((text) => JSON.parse(text) as Partial<Vapid>)
    .catch(() => null);
  if (existing?.publicKey && existing.privateKey) {
    return {
      publicKey: existing.publicKey,
      privateKey: existing.privateKey,
      subject: config.vapidSubject,
    };
  }
  await fs.mkdir(config.dataDir, { recursive: true });
  const made = webpush.generateVAPIDKeys();
  // Written once and never replaced: a new pair would silently end every device's push.
  await fs
    .writeFile(file, `${JSON.stringify(made)}\n`, { mode: 0o600, flag: 'wx' })
    .catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  const kept = await fs
    .readFile(file, 'utf8')
    .then((text) => JSON.parse(text) as Vapid)
    .catch(() => null);
  if (!kept?.publicKey || !kept.privateKey) {
    throw new ConfigError(
      `Kindred cannot start: ${file} is not a VAPID key pair. Restore it from a backup, or remove it to make a new pair (devices then turn push on again).`,
    );
  }
  return { publicKey: kept.publicKey, privateKey: kept.privateKey, subject: config.vapidSubject };
}
