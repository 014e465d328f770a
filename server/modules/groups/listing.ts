// A group someone starts is not in the public directory until its creator says so (an open
// directory must not show a group its people have not meant to show), and, where this Kindred
// asks for it (GROUP_LISTING=approve), until an instance administrator approves it too.
import type { Deps } from '../../deps.ts';
import { conflict, forbidden, notFound } from '../../http/errors.ts';
import type { User } from '../accounts/types.ts';
import * as policy from './policy.ts';
import * as store from './store.ts';
import type { Group, Membership } from './types.ts';

type ListingDeps = Pick<Deps, 'db' | 'config'>;

function requireAdmin(membership: Membership | undefined) {
  if (!policy.canAdminister(membership)) {
    throw forbidden('not-admin', "Only the group's admins can change its listing.");
  }
}

/** The group's admins ask for it to be listed: listed at once, or waiting for approval. */
export async function confirmListing(
  deps: ListingDeps,
  options: { group: Group; membership: Membership | undefined },
): Promise<Group> {
  const { group, membership } = options;
  requireAdmin(membership);
  if (group.visibility === 'hidden') {
    throw conflict(
      'hidden-group',
      'A hidden group is never in the directory. Make it public or listed first.',
    );
  }
  if (group.listedAt) return group;
  if (deps.config.groupListing === 'approve') {
    return store.updateGroup(deps.db, group.id, { listingRequestedAt: new Date() });
  }
  return store.updateGroup(deps.db, group.id, { listedAt: new Date(), listingRequestedAt: null });
}

/** The group's admins take it out of the directory (its address keeps working). */
export async function withdrawListing(
  deps: ListingDeps,
  options: { group: Group; membership: Membership | undefined },
): Promise<Group> {
  requireAdmin(options.membership);
  return store.updateGroup(deps.db, options.group.id, { listedAt: null, listingRequestedAt: null });
}

/** An instance administrator approves a group waiting to be listed. */
export async function approveListing(
  deps: ListingDeps,
  options: { group: Group; user: User },
): Promise<Group> {
  if (!options.user.isAdmin) throw notFound('group');
  if (!options.group.listingRequestedAt || options.group.listedAt) {
    throw conflict('not-awaiting-approval', 'This group has not asked to be listed.');
  }
  return store.updateGroup(deps.db, options.group.id, { listedAt: new Date() });
}
