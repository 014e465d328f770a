// Who may do what in matching: pure functions of the post, its group, the match and the
// caller's membership. Power comes only from the same group (SAFETY 5).
import * as groupPolicy from '../groups/policy.ts';
import type { Group, Membership } from '../groups/types.ts';
import type { Post } from '../posts/types.ts';
import type { Match } from './types.ts';

type Member = Pick<Membership, 'status' | 'role'> | undefined;

/** The person a match helps: an ask's author; on an offer, whoever asked for it. */
export const askerOf = (post: Pick<Post, 'kind' | 'authorId'>, responderId: string) =>
  post.kind === 'offer' ? responderId : post.authorId;
export const helperOf = (post: Pick<Post, 'kind' | 'authorId'>, responderId: string) =>
  post.kind === 'offer' ? post.authorId : responderId;

/** Peer groups: the asker (or offerer) accepts. Dispatch groups: moderators assign. */
export function canAccept(
  group: Pick<Group, 'exchangeMode'>,
  post: Post,
  m: Member,
  userId: string,
) {
  if (group.exchangeMode === 'dispatch') return groupPolicy.canModerate(m);
  return post.authorId === userId && groupPolicy.isActive(m);
}

export const canAssign = (m: Member) => groupPolicy.canModerate(m);

export type Role = 'asker' | 'helper' | 'moderator';

export const isLive = (match: Pick<Match, 'status'>) =>
  match.status === 'accepted' || match.status === 'done';

/**
 * Asker, helper or a moderator of the post's group; anyone else has no role (404, SAFETY 1, 5).
 * A helper who withdrew or was replaced has none either.
 */
export function roleIn(match: Match, m: Member, userId: string): Role | null {
  if (match.askerId === userId) return 'asker';
  if (match.helperId === userId && match.status !== 'withdrawn' && match.status !== 'reassigned') {
    return 'helper';
  }
  if (groupPolicy.canModerate(m)) return 'moderator';
  return null;
}

export type MatchAbilities = {
  /** The helper says it is done. */
  canComplete: boolean;
  /**
   * The person helped (or whoever asked for a neighbour) confirms it happened, once the helper
   * has said it is done: not before, so nobody confirms help that has not been given.
   */
  canConfirm: boolean;
  /** The asker or the helper steps back. */
  canWithdraw: boolean;
  /** A moderator closes a match left unconfirmed longer than the group allows. */
  canClose: boolean;
  /** Writes in the thread. */
  canMessage: boolean;
};

const DAY_MS = 86_400_000;

/** The person helped, or the moderator who asked on a neighbour's behalf: they confirm. */
export const actsForAsker = (
  loaded: { post: Pick<Post, 'isOnBehalf' | 'authorId'>; role: Role },
  userId: string,
) => loaded.role === 'asker' || (loaded.post.isOnBehalf && loaded.post.authorId === userId);

/** What this person may do with this match now: the commands check it, the page is sent it. */
export function matchAbilities(
  loaded: {
    match: Match;
    post: Pick<Post, 'isOnBehalf' | 'authorId'>;
    group: Pick<Group, 'confirmAfterDays'>;
    membership: Member;
    role: Role;
  },
  userId: string,
): MatchAbilities {
  const { match, group, role } = loaded;
  const live = isLive(match);
  const doneLongAgo =
    match.status === 'done' &&
    Date.now() - (match.doneAt?.getTime() ?? Date.now()) >= group.confirmAfterDays * DAY_MS;
  return {
    canComplete: role === 'helper' && match.status === 'accepted',
    canConfirm: actsForAsker(loaded, userId) && match.status === 'done',
    canWithdraw: live && (role !== 'moderator' || match.askerId === userId),
    canClose: groupPolicy.canModerate(loaded.membership) && doneLongAgo,
    canMessage: live,
  };
}
