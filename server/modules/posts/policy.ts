// Who may do what with a post: pure functions of the post, its group and the reader's membership.
// Commands authorize with `postAbilities`, presenters send it, so the page never re-derives one.
import * as groupPolicy from '../groups/policy.ts';
import type { Group, Membership } from '../groups/types.ts';
import type { Post } from './types.ts';

type Member = Pick<Membership, 'status' | 'role'> | undefined;

/** Members read their group's posts; anyone reads a public group's summaries (not the body). */
export function canRead(
  group: Pick<Group, 'visibility'>,
  m: Member,
  post: Pick<Post, 'removedAt' | 'isHeld' | 'authorId'>,
  userId: string | null,
) {
  if (!groupPolicy.canSeeInside(group, m)) return false;
  if (post.removedAt) return false;
  if (post.isHeld) return post.authorId === userId || groupPolicy.canModerate(m);
  return true;
}

/** Whether the reader sees whole posts (body, place, names, comments) or only summaries. */
export const canReadWhole = (m: Member) => groupPolicy.isActive(m);

/** Posting, commenting, reacting and voting are for active members. */
export const canTakePart = (m: Member) => groupPolicy.isActive(m);

/** The post's author (for a post made for a neighbour, that is the member who made it). */
export const isAuthor = (post: Pick<Post, 'authorId'>, userId: string | null) =>
  userId !== null && post.authorId === userId;

export const canModerate = (m: Member) => groupPolicy.canModerate(m);

/**
 * SAFETY 1 and 3, the one rule for an ask's private record (address, phone, notes): its asker,
 * the group's moderators, and the helper of its live match while they are a member. Everyone
 * else gets the same 404 as for a post that does not exist. Every path that reveals the record,
 * or says there is one, asks this.
 */
export function mayReadPrivate(options: {
  post: Pick<Post, 'authorId'>;
  membership: Member;
  userId: string | null;
  /** The helper of the post's live (accepted or done) match, if any. */
  liveHelperId: string | null;
}) {
  const { post, membership, userId, liveHelperId } = options;
  if (userId === null) return false;
  if (isAuthor(post, userId)) return true;
  if (groupPolicy.canModerate(membership)) return true;
  return liveHelperId === userId && groupPolicy.isActive(membership);
}

export type PostAbilities = {
  /** Edit, close, renew or delete: the author, while a member. */
  canEdit: boolean;
  /** Pin, hold, release or remove. */
  canModerate: boolean;
  /** Comment, react, vote. */
  canTakePart: boolean;
  /** Read the private record (see `mayReadPrivate`). */
  canReadPrivate: boolean;
};

/** What this reader may do with this post: commands check it, presenters send it. */
export function postAbilities(options: {
  post: Pick<Post, 'authorId'>;
  membership: Member;
  userId: string | null;
  liveHelperId: string | null;
}): PostAbilities {
  const { post, membership, userId } = options;
  return {
    canEdit: isAuthor(post, userId) && canTakePart(membership),
    canModerate: canModerate(membership),
    canTakePart: canTakePart(membership),
    canReadPrivate: mayReadPrivate(options),
  };
}
