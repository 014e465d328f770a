// Who may do what in matching: pure functions of the post, its group, the match and the
// caller's membership. Power comes only from the same group (SAFETY 5).
import * as groupPolicy from '../groups/policy.ts';
import type { Group, Membership } from '../groups/store.ts';
import type { Post } from '../posts/store.ts';
import type { Match } from './store.ts';

type Member = Membership | undefined;

/** The person a match helps: an ask's author; on an offer, whoever asked for it. */
export const askerOf = (post: Post, responderId: string) =>
  post.kind === 'offer' ? responderId : post.authorId;
export const helperOf = (post: Post, responderId: string) =>
  post.kind === 'offer' ? post.authorId : responderId;

/** Peer groups: the asker (or offerer) accepts. Dispatch groups: moderators assign. */
export function canAccept(group: Group, post: Post, m: Member, userId: string) {
  if (group.exchangeMode === 'dispatch') return groupPolicy.canModerate(m);
  return post.authorId === userId && groupPolicy.isActive(m);
}

export const canAssign = (m: Member) => groupPolicy.canModerate(m);

export type Role = 'asker' | 'helper' | 'moderator';

/** Asker, helper or a moderator of the post's group; anyone else gets 404 (SAFETY 1, 5). */
export function roleIn(match: Match, m: Member, userId: string): Role | null {
  if (match.askerId === userId) return 'asker';
  if (match.helperId === userId) return 'helper';
  if (groupPolicy.canModerate(m)) return 'moderator';
  return null;
}

/** SAFETY 1 and 3: the accepted helper reads the private record only while the match is live. */
export const helperMayReadPrivate = (match: Match | undefined, userId: string) =>
  match !== undefined &&
  match.helperId === userId &&
  (match.status === 'accepted' || match.status === 'done');
