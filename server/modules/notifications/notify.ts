import type { Db, Tx } from '../../db/client.ts';
import { notifications } from '../../db/schema/index.ts';

/** Where triggers (migration 0013) announce new notifications and board changes, as JSON. */
export const EVENTS_CHANNEL = 'kindred_events';
type Kind = (typeof notifications.$inferInsert)['kind'];

/**
 * Tells people something happened: a row each (never the actor). A trigger NOTIFYs each row at
 * commit, so every server instance can push it to their open pages at once.
 */
export async function notify(
  db: Db | Tx,
  options: {
    userIds: string[];
    kind: Kind;
    actorId: string | null;
    postId?: string | null;
    matchId?: string | null;
  },
) {
  const userIds = [...new Set(options.userIds)].filter((id) => id !== options.actorId);
  if (userIds.length === 0) return;
  await db.insert(notifications).values(
    userIds.map((userId) => ({
      userId,
      kind: options.kind,
      actorId: options.actorId,
      postId: options.postId ?? null,
      matchId: options.matchId ?? null,
    })),
  );
}
