// Matches that end because something around them changed: their ask was closed, or their
// helper left the group. Called inside the transaction of that change (SAFETY 3: from its commit
// on, the former helper gets 404 on the private record).
import type { Tx } from '../../db/client.ts';
import { notify } from '../notifications/notify.ts';
import * as store from './store.ts';

/**
 * Closing a post ends its live match. On an ask, the helper is told kindly that their help is no
 * longer needed; on an offer (its author was the helper), the person it was for is told.
 */
export async function endMatchOfClosedPost(
  tx: Tx,
  options: { post: { id: string; kind: string }; actorId: string },
) {
  const ended = await store.endLiveMatchOn(tx, options.post.id, 'closed');
  if (!ended) return;
  await store.addEvent(tx, { matchId: ended.id, kind: 'closed', actorId: options.actorId });
  const isAsk = options.post.kind === 'ask';
  await notify(tx, {
    userIds: [isAsk ? ended.helperId : ended.askerId],
    kind: isAsk ? 'ask-closed' : 'withdrawn',
    actorId: options.actorId,
    postId: options.post.id,
    matchId: ended.id,
  });
}

/**
 * A helper who leaves a group (or is removed or banned from it) stops helping there: their live
 * matches end and each ask is open again (its asker is told), and their standing responses are
 * withdrawn.
 */
export async function endHelperInGroup(tx: Tx, options: { groupId: string; helperId: string }) {
  const ended = await store.endHelperMatchesIn(tx, options.groupId, options.helperId);
  for (const match of ended) {
    await store.addEvent(tx, { matchId: match.id, kind: 'helper-gone', actorId: options.helperId });
    await notify(tx, {
      userIds: [match.askerId],
      kind: 'helper-gone',
      actorId: options.helperId,
      postId: match.postId,
      matchId: match.id,
    });
  }
  await store.withdrawResponsesIn(tx, options.groupId, options.helperId);
}
