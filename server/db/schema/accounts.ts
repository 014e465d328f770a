import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { LOCALES } from '../../../common/constants.ts';
import { createdAt, oneOf } from './columns.ts';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Always stored trimmed and lower-cased (see normalizeEmail). */
    email: text('email').notNull().unique(),
    displayName: text('display_name').notNull(),
    locale: text('locale').notNull().default('en'),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    passwordHash: text('password_hash'),
    isAdmin: boolean('is_admin').notNull().default(false),
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /** Quick exit also signs this person out, and clears what Kindred keeps in the browser. */
    quickExitSignsOut: boolean('quick_exit_signs_out').notNull().default(false),
    /** Nothing is sent outside the app until then ("Pause everything for N days"). */
    notificationsPausedUntil: timestamp('notifications_paused_until', { withTimezone: true }),
    /** An IANA zone from the person's browser: quiet hours are kept in it. */
    timeZone: text('time_zone'),
    /** Non-urgent email waits from this hour to that one (local time); both null: never. */
    quietHoursStart: smallint('quiet_hours_start').default(22),
    quietHoursEnd: smallint('quiet_hours_end').default(8),
    /** Permanent refusals by the mail server in a row; at three the address is undeliverable. */
    emailFailures: smallint('email_failures').notNull().default(0),
    emailUndeliverableAt: timestamp('email_undeliverable_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  () => [oneOf('users', 'locale', LOCALES)],
);

/** A browser session. The id is an HMAC of the cookie value, so a database leak yields no usable cookie. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('sessions_user_id_idx').on(table.userId)],
);

/**
 * An emailed sign-in link (SAFETY 10). Keyed by email, not user, so that signing up creates
 * the account only when the link is confirmed: nobody can squat an address they cannot read.
 */
export const signInLinks = pgTable(
  'sign_in_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** Set when the link came from sign-up by someone without an account yet. */
    displayName: text('display_name'),
    locale: text('locale').notNull().default('en'),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
  },
  (table) => [index('sign_in_links_email_idx').on(table.email)],
);

/** Personal access tokens for scripts and integrations (`Authorization: Bearer`). */
export const accessTokens = pgTable(
  'access_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [index('access_tokens_user_id_idx').on(table.userId)],
);

/** The one-time link printed at first start to create the first administrator. */
export const setupTokens = pgTable('setup_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  supersededAt: timestamp('superseded_at', { withTimezone: true }),
});

/**
 * Rate-limit counters, in PostgreSQL so that limits hold across several server instances. The
 * table is UNLOGGED (migration 0016): no WAL, so counting waits for no disk; a crash empties it.
 */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  resetAt: timestamp('reset_at', { withTimezone: true }).notNull(),
});
