import type { TCategory, TListing } from '../../../common/constants.ts';
import type { TGroup, TGroupSummary, TMember } from '../../../common/groups.ts';
import type { Config } from '../../config.ts';
import * as policy from './policy.ts';
import type { Group, GroupSummaryRow, MemberRow, Membership } from './store.ts';

/** Public fields only: what anyone who may know of the group sees (an allow-list). */
export function presentSummary(
  group: GroupSummaryRow,
  config: Pick<Config, 'publicUrl'>,
  distanceKm: number | null = null,
): TGroupSummary {
  return {
    id: group.id,
    slug: group.slug,
    kind: group.kind,
    name: group.name,
    description: group.description,
    locationName: group.locationName,
    centre: { latitude: group.latitude, longitude: group.longitude },
    radiusKm: group.radiusKm,
    distanceKm: distanceKm === null ? null : Math.round(distanceKm * 100) / 100,
    phone: group.phone,
    email: group.email,
    website: group.website,
    facebookUrl: group.facebookUrl,
    languages: group.languages,
    categories: group.categories as TCategory[],
    visibility: group.visibility,
    joinPolicy: group.joinPolicy,
    externalId: group.externalId,
    // Slugs are [a-z0-9-] only, so plain joining is safe (and cheaper than URL parsing per row).
    links: {
      self: `${config.publicUrl.origin}/api/v1/groups/${group.slug}`,
      web: `${config.publicUrl.origin}/groups/${group.slug}`,
    },
  };
}

export function presentGroup(options: {
  group: Group;
  parent: Group | null;
  children: Group[];
  membership: Membership | undefined;
  memberCount: number;
  config: Pick<Config, 'publicUrl'>;
  /** The viewer administers this Kindred (they approve listings where the instance asks it). */
  isInstanceAdmin: boolean;
}): TGroup {
  const { group, membership: m, config } = options;
  const listing = listingOf(group);
  const can = policy.groupAbilities(group, m);
  const inside = can.canSeeInside;
  return {
    ...presentSummary(group, config),
    areaNames: group.areaNames,
    rules: group.rules,
    exchangeMode: group.exchangeMode,
    joinQuestions: group.joinQuestions,
    template: group.template,
    askExpiryDays: group.askExpiryDays,
    holdNewMembersDays: group.holdNewMembersDays,
    confirmAfterDays: group.confirmAfterDays,
    idCheckCategories: group.idCheckCategories as TCategory[],
    unansweredAlertHours: group.unansweredAlertHours,
    askAlertsPerDay: group.askAlertsPerDay,
    onBehalfBy: group.onBehalfBy,
    listing,
    // The caller passes the parent only when the viewer may know of it.
    parent: options.parent
      ? { slug: options.parent.slug, name: options.parent.name, kind: options.parent.kind }
      : null,
    memberCount: options.memberCount,
    children: inside ? options.children.map((child) => presentSummary(child, config)) : [],
    myMembership:
      m && (m.status === 'active' || m.status === 'pending')
        ? { status: m.status, role: m.role }
        : null,
    ...can,
    canApproveListing: options.isInstanceAdmin && listing === 'awaiting-approval',
  };
}

/** Where the group stands in the public directory. */
export function listingOf(group: Pick<Group, 'listedAt' | 'listingRequestedAt'>): TListing {
  if (group.listedAt) return 'listed';
  return group.listingRequestedAt ? 'awaiting-approval' : 'unlisted';
}

/** Members see names and roles; moderators also see join answers and dates. */
export function presentMember(row: MemberRow, isModerator: boolean): TMember {
  const member: TMember = {
    userId: row.userId,
    displayName: row.displayName,
    role: row.role,
    status: row.status,
  };
  if (!isModerator) return member;
  return {
    ...member,
    joinAnswers: row.joinAnswers,
    requestedAt: row.requestedAt.toISOString(),
    joinedAt: row.joinedAt?.toISOString() ?? null,
    isIdChecked: row.isIdChecked,
  };
}
