import type { Tx } from '../../db/client.ts';
import { moderationActions } from '../../db/schema/index.ts';

export type ModerationActionValues = typeof moderationActions.$inferInsert;

/** A row of the moderation log, in the transaction of the change it records. */
export async function recordAction(tx: Tx, values: ModerationActionValues) {
  await tx.insert(moderationActions).values(values);
}
