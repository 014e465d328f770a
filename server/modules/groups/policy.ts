// Who may do what in a group: pure functions of the group and the caller's membership (SAFETY 5).
// Power comes only from a membership of *this* group, so a moderator elsewhere has none here.
import type { TRole } from '../../../common/constants.ts';
import type { Group, Membership } from './store.ts';

type Member = Pick<Membership, 'status' | 'role'> | undefined;

const RANK: Record<TRole, number> = { member: 0, moderator: 1, admin: 2 };

export const isActive = (m: Member) => m?.status === 'active';
export const isBanned = (m: Member) => m?.status === 'banned';

/** Whether the group exists as far as this person can tell: hidden groups only for members. */
export function canKnowOf(group: Pick<Group, 'visibility'>, m: Member) {
  return group.visibility !== 'hidden' || isActive(m);
}

/** Inside a group (its pods, later its posts): members, and anyone for a public group; never the banned. */
export function canSeeInside(group: Pick<Group, 'visibility'>, m: Member) {
  if (isBanned(m)) return false;
  return isActive(m) || group.visibility === 'public';
}

export const canSeeMembers = (m: Member) => isActive(m);
export const canModerate = (m: Member) => isActive(m) && RANK[m!.role] >= RANK.moderator;
export const canAdminister = (m: Member) => isActive(m) && m!.role === 'admin';

/**
 * Moderators act on members; admins also on moderators. Nobody removes or bans an admin:
 * an admin first changes that person's role.
 */
export function canActOn(actor: Member, target: Pick<Membership, 'role'>) {
  if (!canModerate(actor)) return false;
  if (target.role === 'admin') return false;
  return RANK[actor!.role] > RANK[target.role];
}

/** A pod may be started by any member of its group; a group under a network needs the network's moderators. */
export function canAddChild(parent: Pick<Group, 'kind'>, m: Member) {
  if (parent.kind === 'pod') return false;
  if (parent.kind === 'network') return canModerate(m);
  return isActive(m);
}

/** What kind of group may sit under what. */
export function childKindFits(parent: Pick<Group, 'kind'> | null, kind: Group['kind']) {
  if (kind === 'network') return parent === null;
  if (kind === 'pod') return parent?.kind === 'group';
  return parent === null || parent.kind === 'network';
}

/** Posting an ask for a neighbour without internet: any member, unless the group keeps it to moderators. */
export function canPostForNeighbour(group: Pick<Group, 'onBehalfBy'>, m: Member) {
  return group.onBehalfBy === 'moderators' ? canModerate(m) : isActive(m);
}

export type GroupAbilities = {
  canSeeInside: boolean;
  canModerate: boolean;
  canAdminister: boolean;
  canAddChild: boolean;
  canPostForNeighbour: boolean;
};

/** What this person may do in this group: commands check these predicates, the page is sent them. */
export function groupAbilities(
  group: Pick<Group, 'visibility' | 'kind' | 'onBehalfBy'>,
  m: Member,
): GroupAbilities {
  return {
    canSeeInside: canSeeInside(group, m),
    canModerate: canModerate(m),
    canAdminister: canAdminister(m),
    canAddChild: canAddChild(group, m),
    canPostForNeighbour: canPostForNeighbour(group, m),
  };
}
