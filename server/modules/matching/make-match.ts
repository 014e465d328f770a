import { isUniqueViolation } from '../../db/errors.ts';
import type { Deps } from '../../deps.ts';
import { badRequest, conflict, forbidden, notFound } from '../../http/errors.ts';
import type { User } from '../accounts/types.ts';
import { findMembership } from '../groups/groups.ts';
import * as groupPolicy from '../groups/policy.ts';
import { notify } from '../notifications/notify.ts';
import { isOpen } from '../posts/status.ts';
import type { LoadedPost, Post } from '../posts/types.ts';
import { requireIdCheck } from './helper-profiles.ts';
import * as policy from './policy.ts';
import * as store from './store.ts';
import type { Match } from './types.ts';

type MatchDeps = Pick<Deps, 'db'>;

const alreadyMatched = () =>
  conflict('already-matched', 'Someone is already helping with this. Nothing was changed.');

/**
 * Creates the match, once: the post row is locked, and a partial unique index backs it up
 * (SAFETY 23). Those in it are told, and everyone else who offered is told kindly that someone
 * else is helping, in the same transaction.
 */
async function makeMatch(
  deps: MatchDeps,
  options: {
    post: Post;
    askerId: string;
    helperId: string;
    responseId: string | null;
    actorId: string;
    kind: 'accepted' | 'assigned';
    reassign?: boolean;
  },
): Promise<Match> {
  try {
    return await deps.db.transaction(async (tx) => {
      if (!(await store.lockPost(tx, options.post.id))) {
        throw conflict('post-closed', 'This ask was closed meanwhile. Nothing was changed.');
      }
      const live = await store.liveMatchOn(tx, options.post.id);
      if (live && !options.reassign) throw alreadyMatched();
      if (live) {
        await store.moveMatch(tx, live.id, store.LIVE, {
          status: 'reassigned',
          endedAt: new Date(),
        });
        await store.addEvent(tx, {
          matchId: live.id,
          kind: 'reassigned',
          actorId: options.actorId,
        });
        if (live.responseId) await store.setResponseStatus(tx, live.responseId, 'not-chosen');
      }
      const match = await store.insertMatch(tx, {
        postId: options.post.id,
        askerId: options.askerId,
        helperId: options.helperId,
        responseId: options.responseId,
        matchedBy: options.actorId,
      });
      await store.addEvent(tx, { matchId: match.id, kind: options.kind, actorId: options.actorId });
      if (options.responseId) await store.setResponseStatus(tx, options.responseId, 'accepted');
      const notChosen = await store.markOthersNotChosen(tx, options.post.id, options.responseId);
      await notify(tx, {
        userIds: [match.helperId, match.askerId],
        kind: 'accepted',
        actorId: options.actorId,
        matchId: match.id,
        postId: options.post.id,
      });
      await notify(tx, {
        userIds: notChosen.filter((id) => id !== match.helperId),
        kind: 'not-chosen',
        actorId: null,
        postId: options.post.id,
      });
      return match;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'matches_one_live_per_post_idx')) throw alreadyMatched();
    throw error;
  }
}

/** Peer groups: the asker (or offerer) accepts a response. Dispatch: a moderator does. */
export async function acceptResponse(
  deps: MatchDeps,
  options: { responseId: string; user: User; loadPost: (id: string) => Promise<LoadedPost> },
) {
  const response = await store.findResponse(deps.db, options.responseId);
  if (!response) throw notFound('response');
  const { post, group, membership } = await options.loadPost(response.postId);
  if (!groupPolicy.isActive(membership)) throw notFound('response');
  if (!policy.canAccept(group, post, membership, options.user.id)) {
    if (post.authorId === options.user.id) {
      throw forbidden('dispatch-group', 'In this group, moderators match asks with helpers.');
    }
    if (groupPolicy.canModerate(membership)) {
      throw forbidden('peer-group', 'In this group, the person who asked chooses their helper.');
    }
    throw notFound('response');
  }
  if (response.status !== 'pending') {
    throw conflict('response-not-pending', 'This response can no longer be accepted.');
  }
  if (!isOpen(post)) throw conflict('post-closed', 'This post is closed.');
  // Someone who has left the group since responding cannot be chosen.
  const responder = await findMembership(deps, group.id, response.responderId);
  if (!groupPolicy.isActive(responder)) {
    throw conflict('response-not-pending', 'This person is no longer in the group.');
  }
  const helperId = policy.helperOf(post, response.responderId);
  await requireIdCheck(deps.db, { group, post, helperId });
  return makeMatch(deps, {
    post,
    askerId: policy.askerOf(post, response.responderId),
    helperId,
    responseId: response.id,
    actorId: options.user.id,
    kind: 'accepted',
  });
}

/** Moderators assign a helper, with or without a response; `reassign` replaces a live match. */
export async function assignHelper(
  deps: MatchDeps,
  options: { loaded: LoadedPost; user: User; helperId: string; reassign: boolean },
) {
  const { post, group, membership } = options.loaded;
  if (!policy.canAssign(membership)) {
    throw forbidden('not-moderator', "Only the group's moderators can assign helpers.");
  }
  if (post.kind !== 'ask') throw badRequest('not-an-ask', 'Helpers are assigned to asks.');
  if (!isOpen(post)) throw conflict('post-closed', 'This ask is closed.');
  const helper = await findMembership(deps, group.id, options.helperId);
  if (helper?.status !== 'active' || options.helperId === post.authorId) {
    throw badRequest('not-a-member', 'Choose a member of the group other than the asker.', [
      { field: 'helperId', code: 'not-member', message: 'Choose a member of the group.' },
    ]);
  }
  await requireIdCheck(deps.db, { group, post, helperId: options.helperId });
  const response = await store.responseBy(deps.db, post.id, options.helperId);
  return makeMatch(deps, {
    post,
    askerId: post.authorId,
    helperId: options.helperId,
    responseId: response?.id ?? null,
    actorId: options.user.id,
    kind: 'assigned',
    reassign: options.reassign,
  });
}
