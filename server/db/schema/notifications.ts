import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { NOTIFICATION_KINDS } from '../../../common/constants.ts';
import { users } from './accounts.ts';
import { oneOf } from './columns.ts';
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
  },
  (table) => [
    index('notifications_user_idx').on(table.userId, table.createdAt.desc().nullsFirst()),
    index('notifications_unread_idx').on(table.userId).where(sql`${table.readAt} IS NULL`),
    // For the cascade when a group is deleted: few rows have a group.
    index('notifications_group_idx').on(table.groupId).where(sql`${table.groupId} IS NOT NULL`),
    oneOf('notifications', 'kind', NOTIFICATION_KINDS),
  ],
);
