// Who may do what with a post: pure functions of the post, its group and the reader's membership.
import * as groupPolicy from '../groups/policy.ts';
import type { Group, Membership } from '../groups/store.ts';
import type { Post } from './store.ts';

type Member = Membership | undefined;

/** Members read their group's posts; anyone reads a public group's summaries (not the body). */
export function canRead(group: Group, m: Member, post: Post, userId: string | null) {
  if (!groupPolicy.canSeeInside(group, m)) return false;
  if (post.removedAt) return false;
  if (post.isHeld) return post.authorId === userId || groupPolicy.canModerate(m);
  return true;
}

/** Whether the reader sees whole posts (body, place, names, comments) or only summaries. */
export const canReadWhole = (m: Member) => groupPolicy.isActive(m);

/** Posting, commenting, reacting and voting are for active members. */
export const canTakePart = (m: Member) => groupPolicy.isActive(m);

/** The author edits, closes and deletes their post (for a post made for a neighbour, that is the moderator). */
export const isAuthor = (post: Post, userId: string | null) =>
  userId !== null && post.authorId === userId;

export const canModerate = (m: Member) => groupPolicy.canModerate(m);

/** SAFETY 1: the private record is for the asker and the group's moderators (and, later, the accepted helper). */
export const canReadPrivate = (post: Post, m: Member, userId: string | null) =>
  isAuthor(post, userId) || groupPolicy.canModerate(m);
