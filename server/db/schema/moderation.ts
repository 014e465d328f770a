import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { MODERATION_ACTIONS } from '../../../common/constants.ts';
import { users } from './accounts.ts';
import { createdAt, oneOf } from './columns.ts';
import { groups } from './groups.ts';
import { posts } from './posts.ts';

/**
 * The moderation log: every moderator's action, written in the same transaction as the change
 * (who, what, why, when). It outlives what it is about: a deleted post or account leaves the row.
 */
export const moderationActions = pgTable(
  'moderation_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action', { enum: MODERATION_ACTIONS }).notNull(),
    /** The post acted on, for actions on a post. */
    postId: uuid('post_id').references(() => posts.id, { onDelete: 'set null' }),
    /** Whose post or membership it was. */
    subjectId: uuid('subject_id').references(() => users.id, { onDelete: 'set null' }),
    reason: text('reason'),
    createdAt: createdAt(),
  },
  (table) => [
    index('moderation_actions_group_idx').on(table.groupId, table.createdAt.desc()),
    oneOf('moderation_actions', 'action', MODERATION_ACTIONS),
  ],
);
