import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  CATEGORIES,
  CLOSED_REASONS,
  POST_KINDS,
  POST_STATUSES,
  REACTIONS,
  URGENCIES,
} from '../../../common/constants.ts';
import { users } from './accounts.ts';
import { createdAt, oneOf } from './columns.ts';
import { groups } from './groups.ts';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * An ask, offer, info post or question. Its location is approximate (rounded, SAFETY 4); the
 * exact address and phone of an ask live in post_private.
 */
export const posts = pgTable(
  'posts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: POST_KINDS }).notNull(),
    category: text('category'),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    status: text('status', { enum: POST_STATUSES }).notNull().default('open'),
    closedReason: text('closed_reason', { enum: CLOSED_REASONS }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    urgency: text('urgency', { enum: URGENCIES }),
    neededBy: date('needed_by'),
    timeWindow: text('time_window'),
    peopleCount: integer('people_count'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    locationName: text('location_name').notNull().default(''),
    availability: text('availability'),
    quantity: text('quantity'),
    isOngoing: boolean('is_ongoing').notNull().default(false),
    travelKm: doublePrecision('travel_km'),
    linkUrl: text('link_url'),
    /** Posted by a moderator for a neighbour without an account; the moderator acts as the asker. */
    isOnBehalf: boolean('is_on_behalf').notNull().default(false),
    isPinned: boolean('is_pinned').notNull().default(false),
    /** Held posts (from recently joined members) are seen only by their author and moderators. */
    isHeld: boolean('is_held').notNull().default(false),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    removedBy: uuid('removed_by').references(() => users.id, { onDelete: 'set null' }),
    removalReason: text('removal_reason'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    /** When the group's moderators were told this ask had waited unanswered (once per ask). */
    unansweredAlertedAt: timestamp('unanswered_alerted_at', { withTimezone: true }),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    search: tsvector('search').generatedAlwaysAs(
      sql`to_tsvector('simple', kindred_unaccent(coalesce(title, '') || ' ' || coalesce(body, '')))`,
    ),
  },
  (table) => [
    // The feed: pinned first, then newest, within a group. NULLS FIRST is what a plain
    // ORDER BY … DESC means; without it the planner cannot use this index for the order.
    index('posts_feed_idx').on(
      table.groupId,
      table.isPinned.desc().nullsFirst(),
      table.createdAt.desc().nullsFirst(),
      table.id.desc().nullsFirst(),
    ),
    index('posts_search_idx').using('gin', table.search),
    index('posts_author_idx').on(table.authorId),
    // Open posts by group and place: "near me" takes the nearest of each of my groups, and a
    // feed's "within N km" its box, from this one index (btree_gist lets the group lead).
    index('posts_place_idx')
      .using('gist', table.groupId, sql`ll_to_earth(${table.latitude}, ${table.longitude})`)
      .where(sql`${table.latitude} IS NOT NULL AND ${table.status} = 'open'`),
    // The unanswered-asks job's open asks not yet brought to moderators: a small index.
    index('posts_unanswered_idx')
      .on(table.createdAt)
      .where(
        sql`${table.kind} = 'ask' AND ${table.status} = 'open' AND ${table.unansweredAlertedAt} IS NULL`,
      ),
    oneOf('posts', 'kind', POST_KINDS),
    oneOf('posts', 'status', POST_STATUSES),
    oneOf('posts', 'closed_reason', CLOSED_REASONS),
    oneOf('posts', 'urgency', URGENCIES),
    oneOf('posts', 'category', CATEGORIES),
  ],
);

/** An ask's private details (SAFETY 1): read only through /posts/{id}/private, every read audited. */
export const postPrivate = pgTable('post_private', {
  postId: uuid('post_id')
    .primaryKey()
    .references(() => posts.id, { onDelete: 'cascade' }),
  address: text('address'),
  phone: text('phone'),
  accessNotes: text('access_notes'),
  contactPreference: text('contact_preference'),
  /** For an ask posted on someone's behalf: who they are. */
  neighbourName: text('neighbour_name'),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Who read which private record when (SAFETY 6). No personal data in the row. */
export const privateReads = pgTable(
  'private_reads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    readerId: uuid('reader_id').references(() => users.id, { onDelete: 'set null' }),
    readAt: timestamp('read_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('private_reads_post_idx').on(table.postId)],
);

export const pollOptions = pgTable(
  'poll_options',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    label: text('label').notNull(),
  },
  (table) => [uniqueIndex('poll_options_position_idx').on(table.postId, table.position)],
);

/** One vote per member per poll. */
export const pollVotes = pgTable(
  'poll_votes',
  {
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    optionId: uuid('option_id')
      .notNull()
      .references(() => pollOptions.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.postId, table.userId] })],
);

/** Comments with one level of replies (`parent_id` points at a top-level comment). */
export const comments = pgTable(
  'comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id'),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    createdAt: createdAt(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (table) => [index('comments_post_idx').on(table.postId, table.createdAt)],
);

export const reactions = pgTable(
  'reactions',
  {
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: REACTIONS }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.postId, table.userId, table.kind] }),
    oneOf('reactions', 'kind', REACTIONS),
  ],
);

/** SAFETY 24: a repeated POST with the same key gets the first answer and creates nothing. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    route: text('route').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status'),
    response: jsonb('response'),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.key] })],
);

/** A post's photos (at most 4), stored resized and without metadata under UPLOADS_DIR. */
export const postPhotos = pgTable(
  'post_photos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('post_photos_post_idx').on(table.postId, table.position)],
);
