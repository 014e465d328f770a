import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
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
  EXCHANGE_MODES,
  GROUP_KINDS,
  JOIN_POLICIES,
  MEMBERSHIP_STATUSES,
  ON_BEHALF_BY,
  ROLES,
  VISIBILITIES,
} from '../../../common/constants.ts';
import { users } from './accounts.ts';
import { allOf, createdAt, oneOf } from './columns.ts';

/**
 * A network, a group or a pod. Networks hold groups, groups hold pods (`parent_id`).
 * The centre is a service area, not anyone's address, so it is public wherever the group is.
 */
export const groups = pgTable(
  'groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique(),
    kind: text('kind', { enum: GROUP_KINDS }).notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => groups.id, {
      onDelete: 'set null',
    }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    rules: text('rules').notNull().default(''),
    locationName: text('location_name').notNull().default(''),
    /** The neighbourhoods and places the group covers, public like its centre: found offline. */
    areaNames: text('area_names').array().notNull().default(sql`'{}'::text[]`),
    latitude: doublePrecision('latitude').notNull(),
    longitude: doublePrecision('longitude').notNull(),
    radiusKm: doublePrecision('radius_km').notNull(),
    phone: text('phone'),
    email: text('email'),
    website: text('website'),
    facebookUrl: text('facebook_url'),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    categories: text('categories').array().notNull().default(sql`'{}'::text[]`),
    exchangeMode: text('exchange_mode', { enum: EXCHANGE_MODES }).notNull().default('peer'),
    visibility: text('visibility', { enum: VISIBILITIES }).notNull().default('public'),
    joinPolicy: text('join_policy', { enum: JOIN_POLICIES }).notNull().default('open'),
    joinQuestions: jsonb('join_questions').$type<string[]>().notNull().default([]),
    template: text('template'),
    /** Asks close themselves after this many days unless the asker renews them. */
    askExpiryDays: integer('ask_expiry_days').notNull().default(14),
    /** Posts by members who joined fewer than this many days ago wait for a moderator (0: off). */
    holdNewMembersDays: integer('hold_new_members_days').notNull().default(0),
    /** When a helper marks a match done and the asker says nothing for this long, a moderator may close it. */
    confirmAfterDays: integer('confirm_after_days').notNull().default(7),
    /** Categories (home visits, say) where a helper needs a moderator's ID check before being accepted. */
    idCheckCategories: text('id_check_categories').array().notNull().default(sql`'{}'::text[]`),
    /** On the dispatch board, asks nobody has answered for longer than this are highlighted. */
    unansweredAlertHours: integer('unanswered_alert_hours').notNull().default(24),
    /** New asks each helper whose profile fits is alerted to, at most, in a day (0: none). */
    askAlertsPerDay: integer('ask_alerts_per_day').notNull().default(3),
    /** Who may post an ask for a neighbour without internet: any member, or moderators only. */
    onBehalfBy: text('on_behalf_by', { enum: ON_BEHALF_BY }).notNull().default('members'),
    /**
     * In the public directory since (public and listed groups). A group someone starts waits for
     * them to confirm the listing (or for an instance administrator, per GROUP_LISTING); imported
     * and seeded groups are listed when they are made.
     */
    listedAt: timestamp('listed_at', { withTimezone: true }).defaultNow(),
    /** The creator asked for the listing, where an instance administrator approves it. */
    listingRequestedAt: timestamp('listing_requested_at', { withTimezone: true }),
    /** Set on groups that came from an import: the key re-imports update by. */
    externalId: text('external_id'),
    importedAt: timestamp('imported_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    oneOf('groups', 'kind', GROUP_KINDS),
    oneOf('groups', 'exchange_mode', EXCHANGE_MODES),
    oneOf('groups', 'visibility', VISIBILITIES),
    oneOf('groups', 'join_policy', JOIN_POLICIES),
    oneOf('groups', 'on_behalf_by', ON_BEHALF_BY),
    allOf('groups', 'categories', CATEGORIES),
    allOf('groups', 'id_check_categories', CATEGORIES),
    index('groups_parent_id_idx').on(table.parentId),
    // Nearest-first directory searches: KNN (`<->`) on the earth cube of the centre.
    index('groups_centre_idx').using(
      'gist',
      sql`ll_to_earth(${table.latitude}, ${table.longitude})`,
    ),
    index('groups_name_trgm_idx').using('gin', sql`lower(${table.name}) gin_trgm_ops`),
    uniqueIndex('groups_external_id_idx')
      .on(
        sql`coalesce(${table.parentId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
        table.externalId,
      )
      .where(sql`${table.externalId} IS NOT NULL`),
  ],
);

/** One person in one group. A ban is a membership whose status is `banned`, so it outlives leaving. */
export const memberships = pgTable(
  'memberships',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ROLES }).notNull().default('member'),
    status: text('status', { enum: MEMBERSHIP_STATUSES }).notNull(),
    /** The questions as they were asked, with the answers. */
    joinAnswers: jsonb('join_answers')
      .$type<Array<{ question: string; answer: string }>>()
      .notNull()
      .default([]),
    inviteId: uuid('invite_id'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    joinedAt: timestamp('joined_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.groupId, table.userId] }),
    index('memberships_user_id_idx').on(table.userId),
    oneOf('memberships', 'role', ROLES),
    oneOf('memberships', 'status', MEMBERSHIP_STATUSES),
  ],
);

/** An invite link: its token is stored only as an HMAC, like every other token. */
export const groupInvites = pgTable(
  'group_invites',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    maxUses: integer('max_uses').notNull(),
    uses: integer('uses').notNull().default(0),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [index('group_invites_group_id_idx').on(table.groupId)],
);
