import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const expectConfigError = (env: Record<string, string>, ...phrases: string[]) => {
  let error: unknown;
  try {
    loadConfig(env);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigError);
  for (const phrase of phrases) expect((error as Error).message).toContain(phrase);
  return (error as Error).message;
};

describe('settings', () => {
  it('has defaults that run a local instance with no set-up', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      isProduction: false,
    });
    expect(config.publicUrl.href).toBe('http://localhost:3000/');
    expect(config.dataDir).toMatch(/data$/);
  });

  it('takes VAPID keys as a pair, never echoes the private one, and defaults the subject', () => {
    const pair = {
      VAPID_PUBLIC_KEY: `B${'a'.repeat(86)}`,
      VAPID_PRIVATE_KEY: 'k'.repeat(43),
    };
    expect(loadConfig(pair).vapidKeys).toEqual({
      publicKey: pair.VAPID_PUBLIC_KEY,
      privateKey: pair.VAPID_PRIVATE_KEY,
    });
    expectConfigError({ VAPID_PUBLIC_KEY: pair.VAPID_PUBLIC_KEY }, 'both', 'VAPID_PRIVATE_KEY');
    const message = expectConfigError(
      { ...pair, VAPID_PRIVATE_KEY: 'secret-but-short' },
      'VAPID_PRIVATE_KEY',
    );
    expect(message).not.toContain('secret-but-short');
    expectConfigError({ VAPID_SUBJECT: 'http://example.org' }, 'VAPID_SUBJECT', 'mailto:');
    expect(loadConfig({ MAIL_FROM: 'Help <help@example.org>' }).vapidSubject).toBe(
      'mailto:help@example.org',
    );
    expect(loadConfig({ PUSH_SERVICE_HOSTS: 'push.example.org' }).pushServiceHosts).toContain(
      'push.example.org',
    );
  });

  it('names a bad PORT and what it got', () => {
    expectConfigError({ PORT: 'eighty' }, 'PORT', '"eighty"');
    expectConfigError({ PORT: '70000' }, 'PORT');
  });

  it('names a malformed DATABASE_URL without echoing it (it may hold a password)', () => {
    const message = expectConfigError(
      { DATABASE_URL: 'mysql://u:hunter2@host/db' },
      'DATABASE_URL',
      'postgres://',
    );
    expect(message).not.toContain('hunter2');
  });

  it('treats an empty setting as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: ' ' }).port).toBe(3000);
  });

  it('requires SESSION_SECRET, SMTP_URL and PUBLIC_URL in production', () => {
    expectConfigError({ NODE_ENV: 'production' }, 'SESSION_SECRET');
    expectConfigError({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }, 'SMTP_URL');
    expectConfigError(
      {
        NODE_ENV: 'production',
        SESSION_SECRET: 'x'.repeat(32),
        SMTP_URL: 'smtp://mail.example.org',
      },
      'PUBLIC_URL',
    );
  });

  it('reads TRUST_PROXY as a flag, a hop count or a list of proxies', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.0.0.0/8' }).trustProxy).toEqual([
      '10.0.0.1',
      '10.0.0.0/8',
    ]);
    expectConfigError({ TRUST_PROXY: 'sometimes' }, 'TRUST_PROXY');
  });

  it('lists every bad setting at once', () => {
    expectConfigError(
      { PORT: 'x', LOG_LEVEL: 'loud', SMTP_URL: 'mail.example.org' },
      'PORT',
      'LOG_LEVEL',
      'SMTP_URL',
    );
  });
});
