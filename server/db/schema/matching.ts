import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  CATEGORIES,
  MATCH_EVENT_KINDS,
  MATCH_STATUSES,
  RESPONSE_STATUSES,
} from '../../../common/constants.ts';
import { users } from './accounts.ts';
import { allOf, createdAt, oneOf } from './columns.ts';
import { groups } from './groups.ts';
import { posts } from './posts.ts';

/** "I can help" on an ask, or "I'd like this" on an offer. */
export const responses = pgTable(
  'responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    responderId: uuid('responder_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    note: text('note').notNull().default(''),
    /** On an ask, one of the responder's own offers, if they point to one. */
    offerId: uuid('offer_id').references(() => posts.id, { onDelete: 'set null' }),
    status: text('status', { enum: RESPONSE_STATUSES }).notNull().default('pending'),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('responses_post_responder_idx').on(table.postId, table.responderId),
    oneOf('responses', 'status', RESPONSE_STATUSES),
  ],
);

/**
 * A match between the person helped and their helper, on one post. At most one match per post
 * is live (accepted or done) at a time: the partial unique index makes fifty concurrent
 * accepts produce exactly one (SAFETY 23).
 */
export const matches = pgTable(
  'matches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    /** The person helped: an ask's author, or whoever asked for an offer. */
    askerId: uuid('asker_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    helperId: uuid('helper_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    responseId: uuid('response_id').references(() => responses.id, { onDelete: 'set null' }),
    status: text('status', { enum: MATCH_STATUSES }).notNull().default('accepted'),
    /** Who made the match: the asker (peer groups) or a moderator (dispatch). */
    matchedBy: uuid('matched_by').references(() => users.id, { onDelete: 'set null' }),
    thankYou: text('thank_you'),
    createdAt: createdAt(),
    doneAt: timestamp('done_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** When the helper was last reminded of this match: by a moderator, or "still on for this?". */
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    /** When the person helped was asked "Did it happen?" (a day after "done", unconfirmed). */
    followedUpAt: timestamp('followed_up_at', { withTimezone: true }),
    /** When the group's moderators were told it was still unconfirmed, two days after that. */
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('matches_one_live_per_post_idx')
      .on(table.postId)
      .where(sql`${table.status} IN ('accepted', 'done')`),
    // A post's matches (its thank-you, the board's latest match): without it, a seq scan per post.
    index('matches_post_idx').on(table.postId, table.status),
    index('matches_helper_idx').on(table.helperId, table.status),
    index('matches_asker_idx').on(table.askerId, table.status),
    // The follow-ups job's live matches: few, whatever the number of matches ever made.
    index('matches_live_idx')
      .on(table.status, table.doneAt)
      .where(sql`${table.status} IN ('accepted', 'done')`),
    oneOf('matches', 'status', MATCH_STATUSES),
  ],
);

/** The private thread of a match: asker, helper and, visibly, the group's moderators. */
export const matchMessages = pgTable(
  'match_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    matchId: uuid('match_id')
      .notNull()
      .references(() => matches.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('match_messages_match_idx').on(table.matchId, table.createdAt)],
);

/** A match's timeline: what happened, by whom, when (no personal data beyond the actor). */
export const matchEvents = pgTable(
  'match_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    matchId: uuid('match_id')
      .notNull()
      .references(() => matches.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: MATCH_EVENT_KINDS }).notNull(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    reason: text('reason'),
    createdAt: createdAt(),
  },
  (table) => [
    index('match_events_match_idx').on(table.matchId, table.createdAt),
    oneOf('match_events', 'kind', MATCH_EVENT_KINDS),
  ],
);

/** What a member can help with in one group: for suggestions and for the dispatch board. */
export const helperProfiles = pgTable(
  'helper_profiles',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    categories: text('categories').array().notNull().default(sql`'{}'::text[]`),
    travelKm: doublePrecision('travel_km'),
    /** When they are usually free, in their words ("weekday evenings"). */
    availability: text('availability').notNull().default(''),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    hasCar: boolean('has_car').notNull().default(false),
    /** Roughly where they are (rounded like every public point), for distances to asks. */
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    /** "I'm free now" until this time. */
    availableUntil: timestamp('available_until', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.groupId, table.userId] }),
    // Nearest helpers within a group, for suggestions (btree_gist lets the group lead).
    index('helper_profiles_place_idx').using(
      'gist',
      table.groupId,
      sql`ll_to_earth(${table.latitude}, ${table.longitude})`,
    ),
    allOf('helper_profiles', 'categories', CATEGORIES),
  ],
);

/** That a moderator checked someone's ID: who checked and when, never the document. */
export const idChecks = pgTable(
  'id_checks',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    checkedBy: uuid('checked_by').references(() => users.id, { onDelete: 'set null' }),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.groupId, table.userId] })],
);

/**
 * "I'm handling this": a moderator's claim on an ask on the dispatch board, so two dispatchers
 * do not work the same ask. It lapses by itself (`expiresAt`); at most one per ask.
 */
export const boardClaims = pgTable('board_claims', {
  postId: uuid('post_id')
    .primaryKey()
    .references(() => posts.id, { onDelete: 'cascade' }),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/**
 * New asks whose helpers the alerts job has decided (alerted, or found none to): a row each, so
 * each ask alerts once whichever instance takes it. Kept apart from posts so that the job's
 * bookkeeping announces nothing: a change to a post drops its group's cached pages.
 */
export const askAlerts = pgTable('ask_alerts', {
  postId: uuid('post_id')
    .primaryKey()
    .references(() => posts.id, { onDelete: 'cascade' }),
  decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
});
