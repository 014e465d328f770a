import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { loadVapid } from './vapid.ts';

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kindred-vapid-'));
afterAll(() => fs.rm(dataDir, { recursive: true, force: true }));

describe('VAPID keys', () => {
  it('are made at first start, kept in the data folder (0600), and the same after a restart', async () => {
    const config = loadConfig({ KINDRED_DATA_DIR: dataDir });
    const first = await loadVapid(config);
    expect(first.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect(first.privateKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stat = await fs.stat(path.join(dataDir, 'vapid.json'));
    expect(stat.mode & 0o777).toBe(0o600);
    expect(await loadVapid(config)).toEqual(first);
  });

  it('come from the settings when given there', async () => {
    const config = loadConfig({
      KINDRED_DATA_DIR: dataDir,
      VAPID_PUBLIC_KEY: `B${'a'.repeat(86)}`,
      VAPID_PRIVATE_KEY: 'k'.repeat(43),
      VAPID_SUBJECT: 'https://help.example.org/contact',
    });
    expect(await loadVapid(config)).toEqual({
      publicKey: `B${'a'.repeat(86)}`,
      privateKey: 'k'.repeat(43),
      subject: 'https://help.example.org/contact',
    });
  });

  it('a damaged key file stops the start with what to do, and is not replaced', async () => {
    const damaged = await fs.mkdtemp(path.join(os.tmpdir(), 'kindred-vapid-'));
    await fs.writeFile(path.join(damaged, 'vapid.json'), '{"publicKey": tru');
    await expect(loadVapid(loadConfig({ KINDRED_DATA_DIR: damaged }))).rejects.toThrow(ConfigError);
    expect(await fs.readFile(path.join(damaged, 'vapid.json'), 'utf8')).toBe('{"publicKey": tru');
    await fs.rm(damaged, { recursive: true, force: true });
  });
});
