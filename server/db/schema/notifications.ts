import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { NOTIFICATION_KINDS } from '../../../common/constants.ts';
import { NOTIFICATION_CHANNELS, NOTIFICATION_STREAMS } from '../../../common/notifications.ts';
import { users } from './accounts.ts';
import { createdAt, oneOf } from './columns.ts';
import { groups } from './groups.ts';
import { matches } from './matching.ts';
import { posts } from './posts.ts';

/**
 * An in-app notification. It names what happened and links to it; the words are the web app's,
 * and no private details are ever copied into it.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    postId: uuid('post_id').references(() => posts.id, { onDelete: 'cascade' }),
    matchId: uuid('match_id').references(() => matches.id, { onDelete: 'cascade' }),
    /** The group it is about, when no post is (a request to join). */
    groupId: uuid('group_id').references(() => groups.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
    /**
     * When delivery outside the app was decided (an email queued, or none due): the row is its own
     * outbox, so a notification committed is delivered once, whichever instance takes it.
     */
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** When an email covered it (alone, or as one of "3 new messages" in a thread). */
    emailedAt: timestamp('emailed_at', { withTimezone: true }),
    /** When a push to the person's devices covered it, the same way. */
    pushedAt: timestamp('pushed_at', { withTimezone: true }),
    /** Held back until then: quiet hours, or a thread emailed in the last 10 minutes. */
    holdUntil: timestamp('hold_until', { withTimezone: true }),
  },
  (table) => [
    index('notifications_undelivered_idx')
      .on(table.createdAt)
      .where(sql`${table.deliveredAt} IS NULL`),
    // The last email or push of a batched kind (a thread's messages, a group's unanswered asks),
    // for when the next may go.
    index('notifications_batched_sent_idx')
      .on(table.userId, sql`greatest(${table.emailedAt}, ${table.pushedAt})`)
      .where(
        sql`${table.kind} IN ('message', 'unanswered-ask') AND greatest(${table.emailedAt}, ${table.pushedAt}) IS NOT NULL`,
      ),
    index('notifications_user_idx').on(table.userId, table.createdAt.desc().nullsFirst()),
    index('notifications_unread_idx').on(table.userId).where(sql`${table.readAt} IS NULL`),
    // For the cascade when a group is deleted: few rows have a group.
    index('notifications_group_idx').on(table.groupId).where(sql`${table.groupId} IS NOT NULL`),
    oneOf('notifications', 'kind', NOTIFICATION_KINDS),
  ],
);

/** A person's choice for one stream on one channel; without a row, the default (on). */
export const notificationSettings = pgTable(
  'notification_settings',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    stream: text('stream', { enum: NOTIFICATION_STREAMS }).notNull(),
    channel: text('channel', { enum: NOTIFICATION_CHANNELS }).notNull(),
    isOn: boolean('is_on').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.stream, table.channel] }),
    oneOf('notification_settings', 'stream', NOTIFICATION_STREAMS),
    oneOf('notification_settings', 'channel', NOTIFICATION_CHANNELS),
  ],
);

/**
 * The token of one email's unsubscribe link (RFC 8058): 256 random bits, kept only as its
 * HMAC, for one person and one stream. Kept 180 days, then housekeeping drops it.
 */
export const unsubscribeTokens = pgTable(
  'unsubscribe_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    stream: text('stream', { enum: NOTIFICATION_STREAMS }).notNull(),
    channel: text('channel', { enum: NOTIFICATION_CHANNELS }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    index('unsubscribe_tokens_user_idx').on(table.userId),
    index('unsubscribe_tokens_created_idx').on(table.createdAt),
    oneOf('unsubscribe_tokens', 'stream', NOTIFICATION_STREAMS),
    oneOf('unsubscribe_tokens', 'channel', NOTIFICATION_CHANNELS),
  ],
);

/**
 * One browser on one device that receives push (RFC 8030): the push service's address for it and
 * the keys its messages are encrypted to. Removed when the person turns push off there, or when
 * the push service answers that it is gone (404/410).
 */
export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    endpoint: text('endpoint').notNull().unique(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    label: text('label'),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (table) => [index('push_subscriptions_user_idx').on(table.userId)],
);

/**
 * The token of one "Did it happen?" email's answers: 256 random bits, kept only as its HMAC,
 * for one match and its person helped. Its pages ask first; only their POST answers.
 */
export const followUpTokens = pgTable(
  'follow_up_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    matchId: uuid('match_id')
      .notNull()
      .references(() => matches.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (table) => [
    index('follow_up_tokens_match_idx').on(table.matchId),
    index('follow_up_tokens_created_idx').on(table.createdAt),
  ],
);

/** Each unsubscribe by link, shown in the person's settings with an undo. */
export const unsubscribes = pgTable(
  'unsubscribes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    stream: text('stream', { enum: NOTIFICATION_STREAMS }).notNull(),
    channel: text('channel', { enum: NOTIFICATION_CHANNELS }).notNull(),
    createdAt: createdAt(),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
  },
  (table) => [
    index('unsubscribes_user_idx').on(table.userId, table.createdAt),
    oneOf('unsubscribes', 'stream', NOTIFICATION_STREAMS),
    oneOf('unsubscribes', 'channel', NOTIFICATION_CHANNELS),
  ],
);
