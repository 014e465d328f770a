import path from 'node:path';
import { z } from 'zod';

/** Thrown when a setting is wrong; main and the CLI print its message and exit, no stack trace. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(blankToUndefined, schema.optional());

const ZDatabaseUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== ''
      );
    } catch {
      return false;
    }
  },
  { message: 'must look like postgres://user:password@host:5432/database' },
);

const ZSmtpUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
    } catch {
      return false;
    }
  },
  { message: 'must look like smtp://user:password@mail.example.org:587 (or smtps://)' },
);

const ZTrustProxy = z.string().transform((value, ctx): boolean | number | string[] => {
  const text = value.trim();
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^\d+$/.test(text)) return Number(text);
  const list = text.split(',').map((part) => part.trim());
  if (list.every((part) => /^[0-9a-fA-F:./]+$/.test(part))) return list;
  ctx.addIssue({
    code: 'custom',
    message: 'must be true, false, a number of proxy hops, or a comma-separated list of proxy IPs',
  });
  return z.NEVER;
});

const ZEnv = z.object({
  NODE_ENV: z.preprocess(
    blankToUndefined,
    z.enum(['development', 'production', 'test']).default('development'),
  ),
  PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.preprocess(blankToUndefined, z.string().default('127.0.0.1')),
  KINDRED_DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./data')),
  DATABASE_URL: optional(ZDatabaseUrl),
  PUBLIC_URL: optional(
    z.url({ protocol: /^https?$/, error: 'must be a full http:// or https:// address' }),
  ),
  SESSION_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  SMTP_URL: optional(ZSmtpUrl),
  MAIL_FROM: z.preprocess(blankToUndefined, z.string().default('Kindred <no-reply@localhost>')),
  TRUST_PROXY: optional(ZTrustProxy),
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  SESSION_IDLE_DAYS: z.preprocess(blankToUndefined, z.coerce.number().min(1).max(365).default(14)),
  SESSION_MAX_DAYS: z.preprocess(blankToUndefined, z.coerce.number().min(1).max(365).default(90)),
  UPLOADS_DIR: optional(z.string()),
  PRIVATE_RETENTION_DAYS: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(1).max(3650).default(30),
  ),
  CACHE_SECONDS: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(0).max(3600).default(30),
  ),
  GEOCODER_URL: optional(
    z.url({
      protocol: /^https?$/,
      error: 'must be the http(s) address of a Nominatim-compatible service',
    }),
  ),
  MAP_TILE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^https?:\/\/[^/]+\/.*\{z\}.*\{x\}.*\{y\}/, {
        error:
          'must be a tile address with {z}, {x} and {y}, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      })
      .default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  ),
  MAP_ATTRIBUTION: z.preprocess(
    blankToUndefined,
    z.string().max(300).default('© OpenStreetMap contributors'),
  ),
  QUICK_EXIT_URL: z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^https?$/ }).default('https://www.bbc.co.uk/weather'),
  ),
  VAPID_PUBLIC_KEY: optional(
    z.string().regex(/^[A-Za-z0-9_-]{87}$/, {
      error:
        'must be a VAPID public key (87 base64url characters, from `npx web-push generate-vapid-keys`)',
    }),
  ),
  VAPID_PRIVATE_KEY: optional(
    z.string().regex(/^[A-Za-z0-9_-]{43}$/, {
      error: 'must be a VAPID private key (43 base64url characters)',
    }),
  ),
  VAPID_SUBJECT: optional(
    z.string().regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/, {
      error: 'must be a mailto: address or an https:// address where push services can reach you',
    }),
  ),
  PUSH_SERVICE_HOSTS: optional(
    z.string().regex(/^[A-Za-z0-9.*:-]+(,[A-Za-z0-9.*:-]+)*$/, {
      error: 'must be a comma-separated list of push service hosts, e.g. push.example.org',
    }),
  ),
  GROUP_LISTING: z.preprocess(
    blankToUndefined,
    z.enum(['confirm', 'approve'], { error: 'must be confirm or approve' }).default('confirm'),
  ),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: URL;
  sessionSecret: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  trustProxy: boolean | number | string[];
  logLevel: string;
  sessionIdleMs: number;
  sessionMaxMs: number;
  quickExitUrl: string;
  /**
   * How a group someone starts reaches the public directory: when its creator confirms it
   * ('confirm'), or when an instance administrator approves it after that ('approve').
   */
  groupListing: 'confirm' | 'approve';
  geocoderUrl: string | undefined;
  /** Where photos are kept (default: uploads in the data folder). */
  uploadsDir: string;
  /** Days after an ask closes before its private record is deleted (SAFETY 7). */
  privateRetentionDays: number;
  mapTileUrl: string;
  mapAttribution: string;
  /** Longest a cached group page lives when no change announces itself (0: no cache). */
  cacheSeconds: number;
  /** VAPID keys from the settings (both or neither); without them, made in the data folder. */
  vapidKeys: { publicKey: string; privateKey: string } | undefined;
  /** Who push services contact about this server's pushes (mailto: or https:). */
  vapidSubject: string;
  /**
   * The hosts a device's push address may be on (the browsers' push services, and any from
   * PUSH_SERVICE_HOSTS): the server posts to that address, so no other host is accepted.
   */
  pushServiceHosts: string[];
};

/** The push services of Chrome, Edge, Firefox and Safari. `*.` matches any subdomain. */
export const PUSH_SERVICE_HOSTS = [
  'fcm.googleapis.com',
  'android.googleapis.com',
  'updates.push.services.mozilla.com',
  '*.notify.windows.com',
  'web.push.apple.com',
];

const DAY_MS = 24 * 60 * 60 * 1000;

/** Reads every setting once; throws ConfigError naming each bad setting and what to do. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'setting');
      const given = env[name];
      const shown = ['DATABASE_URL', 'SMTP_URL', 'SESSION_SECRET', 'VAPID_PRIVATE_KEY'].includes(
        name,
      );
      const got = given === undefined || shown ? '' : ` (got "${given}")`;
      return `  ${name}: ${issue.message}${got}`;
    });
    throw new ConfigError(
      `Kindred cannot start: a setting is wrong.\n${lines.join('\n')}\nSee .env.example for every setting.`,
    );
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  if (isProduction && !e.SESSION_SECRET) {
    throw new ConfigError(
      'Kindred cannot start: SESSION_SECRET is required in production (32 or more random characters, e.g. from `openssl rand -hex 32`).',
    );
  }
  if (isProduction && !e.SMTP_URL) {
    throw new ConfigError(
      'Kindred cannot start: SMTP_URL is required in production, or nobody can receive a sign-in link. Set it to your mail server, e.g. smtp://user:password@mail.example.org:587.',
    );
  }
  if (isProduction && !e.PUBLIC_URL) {
    throw new ConfigError(
      'Kindred cannot start: PUBLIC_URL is required in production: the address people use to reach Kindred, e.g. https://help.example.org.',
    );
  }
  if (Boolean(e.VAPID_PUBLIC_KEY) !== Boolean(e.VAPID_PRIVATE_KEY)) {
    throw new ConfigError(
      'Kindred cannot start: set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither (Kindred then makes a pair in the data folder).',
    );
  }
  if (e.SESSION_MAX_DAYS < e.SESSION_IDLE_DAYS) {
    throw new ConfigError(
      'Kindred cannot start: SESSION_MAX_DAYS must be at least SESSION_IDLE_DAYS.',
    );
  }
  return {
    env: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.KINDRED_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    publicUrl: new URL(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`),
    sessionSecret: e.SESSION_SECRET,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    trustProxy: e.TRUST_PROXY ?? false,
    logLevel: e.LOG_LEVEL,
    sessionIdleMs: e.SESSION_IDLE_DAYS * DAY_MS,
    sessionMaxMs: e.SESSION_MAX_DAYS * DAY_MS,
    quickExitUrl: e.QUICK_EXIT_URL,
    groupListing: e.GROUP_LISTING,
    geocoderUrl: e.GEOCODER_URL,
    privateRetentionDays: e.PRIVATE_RETENTION_DAYS,
    cacheSeconds: e.CACHE_SECONDS,
    uploadsDir: path.resolve(e.UPLOADS_DIR ?? path.join(e.KINDRED_DATA_DIR, 'uploads')),
    mapTileUrl: e.MAP_TILE_URL,
    mapAttribution: e.MAP_ATTRIBUTION,
    vapidKeys:
      e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY
        ? { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY }
        : undefined,
    vapidSubject: e.VAPID_SUBJECT ?? `mailto:${addressOf(e.MAIL_FROM)}`,
    pushServiceHosts: [
      ...PUSH_SERVICE_HOSTS,
      ...(e.PUSH_SERVICE_HOSTS ?? '').split(',').filter(Boolean),
    ],
  };
}

/** The address in a From header ("Kindred <no-reply@example.org>" → no-reply@example.org). */
function addressOf(from: string) {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}
