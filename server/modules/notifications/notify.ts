import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { notifications } from '../../db/schema/index.ts';

export const EVENTS_CHANNEL = 'kindred_events';
type Kind = (typeof notifications.$inferInsert)['kind'];

/**
 * Tells people something happened: a row each (never the actor), then a NOTIFY so every server
 * instance can push it to their open pages at once.
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
  await db.execute(sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify({ userIds })})`);
}

/** Tells the moderators watching a group's board that something on it changed. */
export async function announceBoardChange(db: Db | Tx, groupId: string) {
  await db.execute(
    sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify({ groupIds: [groupId] })})`,
  );
}
