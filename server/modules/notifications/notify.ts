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
    groupId?: string | null;
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
      groupId: options.groupId ?? null,
    })),
  );
}

/**
 * `notify` as one member of a command's own data-modifying WITH statement, for the busiest
 * commands (responding, writing in a thread), so that the change and its notification are one
 * statement: one round trip and one commit, atomic without a transaction. The arguments are
 * the statement's placeholders (`$5`) or SQL expressions; rows are written only when `when`
 * (the name of the statement's member that made the change) returned a row. The same rules as
 * `notify`: a row per person, never the actor.
 */
export function notifyClause(args: {
  userIds: string;
  kind: TNotificationKind;
  actorId: string;
  postId?: string;
  matchId?: string;
  when: string;
}) {
  return `INSERT INTO notifications (user_id, kind, actor_id, post_id, match_id)
  SELECT DISTINCT person, '${args.kind}', ${args.actorId}::uuid, ${args.postId ?? 'NULL'}::uuid,
         ${args.matchId ?? 'NULL'}::uuid
  FROM unnest(${args.userIds}::uuid[]) AS person
  WHERE person IS DISTINCT FROM ${args.actorId}::uuid AND EXISTS (SELECT 1 FROM ${args.when})`;
}
