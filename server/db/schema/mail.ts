import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Messages kept instead of sent when no SMTP_URL is set (development only; never read in production). */
export const devOutbox = pgTable(
  'dev_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('dev_outbox_created_at_idx').on(table.createdAt)],
);
