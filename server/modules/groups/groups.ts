import { randomBytes } from 'node:crypto';
import { SLUG_MAX } from '../../../common/constants.ts';
import { GROUP_TEMPLATES } from '../../../common/group-templates.ts';
import type { TCreateGroup, TUpdateGroup } from '../../../common/groups.ts';
import type { Db, Tx } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { AppDeps, Deps } from '../../deps.ts';
import { AppError, badRequest, forbidden, notFound } from '../../http/errors.ts';
import type { User } from '../accounts/types.ts';
import * as policy from './policy.ts';
import { presentGroup } from './present.ts';
import type { Group, Membership } from './store.ts';
import * as store from './store.ts';

type GroupDeps = Pick<Deps, 'db' | 'config'>;

/** Words the web app uses under /groups/, so no group can take them. */
const RESERVED_SLUGS = new Set(['new', 'import', 'export', 'nearest', 'mine', 'search', 'map']);

/**
 * A hidden group's address ends in random characters, so nobody can probe whether a hidden
 * group called "survivors-support" exists by guessing or by trying to create it (SAFETY 5).
 */
function hiddenSlug(slug: string) {
  const suffix = randomBytes(6)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x');
  return `${slug.slice(0, SLUG_MAX - suffix.length - 1).replace(/-+$/, '')}-${suffix}`;
}

const slugTaken = () =>
  new AppError(409, 'slug-taken', 'That web address is taken. Please choose another.', {
    errors: [{ field: 'slug', code: 'slug-taken', message: 'That web address is taken.' }],
  });

/** A group and the caller's membership, or 404 when the caller may not know of it. */
export async function loadGroup(
  deps: Pick<Deps, 'db'>,
  slug: string,
  user: Pick<User, 'id'> | null,
): Promise<{ group: Group; membership: Membership | undefined }> {
  const found = await store.findGroupWithMembership(deps.db, slug, user?.id ?? null);
  if (!found || !policy.canKnowOf(found.group, found.membership)) throw notFound('group');
  return found;
}

/**
 * `loadGroup` for a request that changes nothing: the group and the reader's membership as last
 * looked up, while nothing in the group and nothing by the reader has changed (`AccessCache`).
 * The result is shared and frozen. Writes use `loadGroup`, which always asks the database.
 */
export async function readGroup(
  deps: Pick<AppDeps, 'db' | 'access'>,
  slug: string,
  user: Pick<User, 'id'> | null,
): Promise<{ group: Group; membership: Membership | undefined }> {
  const userId = user?.id ?? null;
  const found = await deps.access.get(`group ${slug}`, userId, () =>
    store.findGroupWithMembership(deps.db, slug, userId),
  );
  if (!found || !policy.canKnowOf(found.group, found.membership)) throw notFound('group');
  return found;
}

/** One person's membership of a group, if any (for other modules' commands, in their transaction if given). */
export function findMembership(deps: { db: Db | Tx }, groupId: string, userId: string) {
  return store.findMembership(deps.db, groupId, userId);
}

/** A group by its address, whoever may see it (for other modules that decide themselves). */
export function findGroup(deps: Pick<Deps, 'db'>, slug: string) {
  return store.findGroupBySlug(deps.db, slug);
}

/** Groups by id, each with one person's membership (for lists across groups). */
export function groupsWithMembership(deps: Pick<Deps, 'db'>, ids: string[], userId: string | null) {
  return store.findGroupsWithMembership(deps.db, ids, userId);
}

/** Starts a group from a template; the person who starts it is its first admin. */
export async function createGroup(
  deps: GroupDeps,
  options: { user: User; input: TCreateGroup & { [key: string]: unknown } },
): Promise<Group> {
  const input = options.input;
  const template = GROUP_TEMPLATES[input.template];
  let parent: Group | null = null;
  if (input.parentSlug) {
    const loaded = await loadGroup(deps, input.parentSlug, options.user);
    if (!policy.canAddChild(loaded.group, loaded.membership)) {
      throw forbidden(
        'cannot-add-child',
        loaded.group.kind === 'network'
          ? "Only the network's moderators can add a group to it."
          : 'Only members of this group can start a pod in it.',
      );
    }
    parent = loaded.group;
  }
  if (!policy.childKindFits(parent, template.kind)) {
    const detail =
      template.kind === 'pod'
        ? 'A pod belongs to a group: choose the group it is part of.'
        : template.kind === 'network'
          ? 'A network cannot belong to another group.'
          : 'A group can only belong to a network.';
    throw badRequest('kind-mismatch', detail, [
      { field: 'parentSlug', code: 'kind-mismatch', message: detail },
    ]);
  }
  if (RESERVED_SLUGS.has(input.slug)) throw slugTaken();
  const slug = input.visibility === 'hidden' ? hiddenSlug(input.slug) : input.slug;
  if (await store.slugExists(deps.db, slug)) throw slugTaken();

  try {
    return await deps.db.transaction(async (tx) => {
      const group = await store.insertGroup(tx, {
        slug,
        kind: template.kind,
        parentId: parent?.id ?? null,
        template: template.key,
        name: input.name,
        description: input.description ?? '',
        rules: input.rules ?? '',
        locationName: input.locationName ?? '',
        areaNames: dedupeNames(input.areaNames ?? []),
        latitude: input.centre.latitude,
        longitude: input.centre.longitude,
        radiusKm: input.radiusKm,
        phone: input.phone ?? null,
        email: input.email ?? null,
        website: input.website ?? null,
        facebookUrl: input.facebookUrl ?? null,
        languages: input.languages ?? [],
        categories: [...new Set(input.categories)],
        exchangeMode: input.exchangeMode,
        visibility: input.visibility,
        joinPolicy: input.joinPolicy,
        joinQuestions: input.joinQuestions ?? [],
        askExpiryDays: input.askExpiryDays ?? 14,
        holdNewMembersDays: input.holdNewMembersDays ?? 0,
        confirmAfterDays: input.confirmAfterDays ?? 7,
        idCheckCategories: [...new Set(input.idCheckCategories ?? [])],
        unansweredAlertHours: input.unansweredAlertHours ?? 24,
        askAlertsPerDay: input.askAlertsPerDay ?? 3,
        onBehalfBy: input.onBehalfBy ?? 'members',
        // In the directory only once its creator confirms the listing (see listing.ts).
        listedAt: null,
        createdBy: options.user.id,
      });
      await store.upsertMembership(tx, {
        groupId: group.id,
        userId: options.user.id,
        role: 'admin',
        status: 'active',
        joinedAt: new Date(),
      });
      return group;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'groups_slug_unique')) throw slugTaken();
    throw error;
  }
}

/** Area names once each (ignoring case), in the order given. */
function dedupeNames(names: string[]) {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.toLocaleLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Admins change the settings; only the allow-listed fields in TUpdateGroup exist here (SAFETY 18). */
export async function updateGroupSettings(
  deps: GroupDeps,
  options: { group: Group; membership: Membership | undefined; changes: TUpdateGroup },
): Promise<Group> {
  if (!policy.canAdminister(options.membership)) {
    throw forbidden('not-admin', "Only the group's admins can change its settings.");
  }
  const { centre, categories, ...rest } = options.changes;
  const values: Partial<store.NewGroup> = { ...rest };
  if (centre) {
    values.latitude = centre.latitude;
    values.longitude = centre.longitude;
  }
  if (categories) values.categories = [...new Set(categories)];
  if (rest.areaNames) values.areaNames = dedupeNames(rest.areaNames);
  if (rest.visibility === 'hidden' && options.group.visibility !== 'hidden') {
    values.slug = hiddenSlug(options.group.slug);
  }
  return store.updateGroup(deps.db, options.group.id, values);
}

/** Everything the group page needs, scoped to what this person may see. */
export async function viewGroup(
  deps: Pick<Deps, 'db'>,
  options: { group: Group; membership: Membership | undefined; user: Pick<User, 'id'> | null },
) {
  const { group, user } = options;
  let parent: Group | null = null;
  if (group.parentId) {
    const found = await store.findGroupById(deps.db, group.parentId);
    const parentMembership =
      found && user ? await store.findMembership(deps.db, found.id, user.id) : undefined;
    if (found && policy.canKnowOf(found, parentMembership)) parent = found;
  }
  const inside = policy.canSeeInside(group, options.membership);
  const [children, memberCount] = await Promise.all([
    inside ? store.visibleChildren(deps.db, group.id, user?.id ?? null) : Promise.resolve([]),
    store.countActiveMembers(deps.db, group.id),
  ]);
  return { parent, children, memberCount };
}

/** A group as this person may see it: the response of every route that shows one. */
export async function presentGroupFor(
  deps: Pick<Deps, 'db' | 'config'>,
  group: Group,
  membership: Membership | undefined,
  viewer: Pick<User, 'id' | 'isAdmin'> | null,
) {
  const view = await viewGroup(deps, { group, membership, user: viewer });
  return presentGroup({
    group,
    membership,
    config: deps.config,
    isInstanceAdmin: viewer?.isAdmin ?? false,
    ...view,
  });
}
