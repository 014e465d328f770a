// The steps of a match after it is made: done, confirmed, withdrawn, closed by a moderator.
import type { Deps } from '../../deps.ts';
import { conflict, forbidden, notFound } from '../../http/errors.ts';
import type { User } from '../accounts/types.ts';
import * as groupPolicy from '../groups/policy.ts';
import { notify } from '../notifications/notify.ts';
import { findPostWithMembership } from '../posts/posts.ts';
import * as policy from './policy.ts';
import * as store from './store.ts';
import type { LoadedMatch, Match } from './types.ts';

type MatchDeps = Pick<Deps, 'db'>;

const moved = () =>
  conflict('match-changed', 'This match has moved on. Reload to see where it is.');

/**
 * A match for one of its people: asker, helper, or a moderator of its group. A former helper
 * (withdrawn or replaced) and everyone else get 404.
 */
export async function loadMatch(deps: MatchDeps, id: string, user: User): Promise<LoadedMatch> {
  const match = await store.findMatch(deps.db, id);
  if (!match) throw notFound('match');
  const found = await findPostWithMembership(deps, match.postId, user.id);
  if (!found) throw notFound('match');
  const role = policy.roleIn(match, found.membership, user.id);
  if (!role) throw notFound('match');
  return { match, post: found.post, group: found.group, membership: found.membership, role };
}

/** The helper says it is done; the person helped is asked to confirm. */
export async function complete(deps: MatchDeps, options: { loaded: LoadedMatch; user: User }) {
  const { loaded, user } = options;
  if (!policy.matchAbilities(loaded, user.id).canComplete) {
    if (loaded.role !== 'helper')
      throw forbidden('helper-only', 'The helper marks the help as done.');
    throw moved();
  }
  return deps.db.transaction(async (tx) => {
    const updated = await store.moveMatch(tx, loaded.match.id, ['accepted'], {
      status: 'done',
      doneAt: new Date(),
    });
    if (!updated) throw moved();
    await store.addEvent(tx, { matchId: updated.id, kind: 'done', actorId: user.id });
    await notify(tx, {
      userIds: [updated.askerId],
      kind: 'done',
      actorId: user.id,
      matchId: updated.id,
    });
    return updated;
  });
}

/** The asker confirms (with an optional thank-you); the post closes as fulfilled. */
export async function confirm(
  deps: MatchDeps,
  options: { loaded: LoadedMatch; user: User; thankYou: string | null },
) {
  const { loaded, user } = options;
  if (!policy.actsForAsker(loaded, user.id)) {
    throw forbidden('asker-only', 'The person who was helped confirms.');
  }
  if (loaded.match.status === 'accepted') {
    throw conflict('match-not-done', 'The helper has not said it is done yet.');
  }
  if (!policy.matchAbilities(loaded, user.id).canConfirm) throw moved();
  return deps.db.transaction(async (tx) => {
    const updated = await store.moveMatch(tx, loaded.match.id, ['done'], {
      status: 'confirmed',
      endedAt: new Date(),
      thankYou: options.thankYou,
    });
    if (!updated) throw moved();
    await store.addEvent(tx, { matchId: updated.id, kind: 'confirmed', actorId: user.id });
    await store.closePostFulfilled(tx, loaded.post.id);
    await notify(tx, {
      userIds: [updated.helperId],
      kind: 'confirmed',
      actorId: user.id,
      matchId: updated.id,
    });
    return updated;
  });
}

/** Either side steps back, with a reason; the ask is open again and the helper's access ends. */
export async function withdraw(
  deps: MatchDeps,
  options: { loaded: LoadedMatch; user: User; reason: string },
) {
  const { loaded, user } = options;
  if (!policy.matchAbilities(loaded, user.id).canWithdraw) {
    if (loaded.role === 'moderator') {
      throw forbidden('participants-only', 'The asker or the helper can withdraw.');
    }
    throw moved();
  }
  return deps.db.transaction(async (tx) => {
    const updated = await store.moveMatch(tx, loaded.match.id, store.LIVE, {
      status: 'withdrawn',
      endedAt: new Date(),
    });
    if (!updated) throw moved();
    await store.addEvent(tx, {
      matchId: updated.id,
      kind: 'withdrawn',
      actorId: user.id,
      reason: options.reason,
    });
    if (updated.responseId) await store.setResponseStatus(tx, updated.responseId, 'withdrawn');
    await notify(tx, {
      userIds: [updated.askerId, updated.helperId],
      kind: 'withdrawn',
      actorId: user.id,
      matchId: updated.id,
    });
    return updated;
  });
}

/** When the helper marked it done and the asker has not confirmed in time, a moderator closes it. */
export async function closeByModerator(
  deps: MatchDeps,
  options: { loaded: LoadedMatch; user: User },
): Promise<Match> {
  const { loaded, user } = options;
  if (!groupPolicy.canModerate(loaded.membership)) {
    throw forbidden('not-moderator', "Only the group's moderators can close a match.");
  }
  if (!policy.matchAbilities(loaded, user.id).canClose) {
    throw conflict(
      'too-early',
      `A match can be closed ${loaded.group.confirmAfterDays} days after the helper marked it done.`,
    );
  }
  return deps.db.transaction(async (tx) => {
    const updated = await store.moveMatch(tx, loaded.match.id, ['done'], {
      status: 'closed',
      endedAt: new Date(),
    });
    if (!updated) throw moved();
    await store.addEvent(tx, { matchId: updated.id, kind: 'closed', actorId: user.id });
    await store.closePostFulfilled(tx, loaded.post.id);
    return updated;
  });
}
