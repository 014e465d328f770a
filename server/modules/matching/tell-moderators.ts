import { sql } from 'drizzle-orm';
import type { TNotificationKind } from '../../../common/constants.ts';
import type { Tx } from '../../db/client.ts';
import { notify } from '../notifications/notify.ts';

/**
 * One notification per item to the moderators and admins of its group (one query for all the
 * groups), leaving out `exceptId` (an ask's author who moderates) and, as `notify` does, the actor.
 */
export async function tellModerators(
  tx: Tx,
  kind: TNotificationKind,
  items: Array<{
    groupId: string;
    postId?: string;
    matchId?: string;
    exceptId?: string;
    actorId?: string | null;
  }>,
) {
  if (items.length === 0) return;
  const groupIds = [...new Set(items.map((item) => item.groupId))];
  const { rows: moderators } = await tx.execute<{ group_id: string; user_id: string }>(sql`
    SELECT group_id, user_id FROM memberships
    WHERE group_id = ANY (${`{${groupIds.join(',')}}`}::uuid[])
      AND status = 'active' AND role IN ('moderator', 'admin')`);
  for (const item of items) {
    await notify(tx, {
      userIds: moderators
        .filter((m) => m.group_id === item.groupId && m.user_id !== item.exceptId)
        .map((m) => m.user_id),
      kind,
      actorId: item.actorId ?? null,
      postId: item.postId ?? null,
      matchId: item.matchId ?? null,
      groupId: item.groupId,
    });
  }
}
