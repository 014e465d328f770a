import type { TNotificationKind } from '../../../common/constants.ts';
import type { Tx } from '../../db/client.ts';
import { notifications } from '../../db/schema/index.ts';

/**
 * The one way to tell people something happened, called inside the transaction of the command
 * that causes it: a rolled-back command tells nobody, a committed one is never forgotten. A row
 * each (never the actor, never a private detail); a trigger NOTIFYs each row at commit, so every
 * server instance can push it to their open pages at once. Email and push go from here too, as
 * jobs in the same transaction, when "Notifications" brings them.
 */
export async function notify(
  tx: Tx,
  options: {
    userIds: string[];
    kind: TNotificationKind;
    actorId: string | null;
    postId?: string | null;
    matchId?: string | null;
  },
) {
  const userIds = [...new Set(options.userIds)].filter((id) => id !== options.actorId);
  if (userIds.length === 0) return;
  await tx.insert(notifications).values(
    userIds.map((userId) => ({
      userId,
      kind: options.kind,
      actorId: options.actorId,
      postId: options.postId ?? null,
      matchId: options.matchId ?? null,
    })),
  );
}
