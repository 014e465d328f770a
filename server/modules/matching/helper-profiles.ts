import { and, eq, sql } from 'drizzle-orm';
import type { TCategory } from '../../../common/constants.ts';
import { roundPoint } from '../../../common/geo.ts';
import type { THelperProfile } from '../../../common/matching.ts';
import type { Db, Tx } from '../../db/client.ts';
import { helperProfiles, idChecks, users } from '../../db/schema/index.ts';
import { forbidden, notFound } from '../../http/errors.ts';
import { findMembership } from '../groups/groups.ts';
import * as groupPolicy from '../groups/policy.ts';
import type { Group, Membership } from '../groups/types.ts';
import type { Post } from '../posts/types.ts';

type Conn = Db | Tx;

export async function helperProfile(
  db: Conn,
  groupId: string,
  userId: string,
): Promise<THelperProfile> {
  const [row] = await db
    .select({
      displayName: users.displayName,
      profile: helperProfiles,
      checkedAt: idChecks.checkedAt,
      checkedBy: sql<
        string | null
      >`(SELECT display_name FROM users c WHERE c.id = ${idChecks.checkedBy})`,
    })
    .from(users)
    .leftJoin(
      helperProfiles,
      and(eq(helperProfiles.userId, users.id), eq(helperProfiles.groupId, groupId)),
    )
    .leftJoin(idChecks, and(eq(idChecks.userId, users.id), eq(idChecks.groupId, groupId)))
    .where(eq(users.id, userId));
  if (!row) throw notFound('member');
  return {
    userId,
    displayName: row.displayName,
    categories: (row.profile?.categories ?? []) as TCategory[],
    travelKm: row.profile?.travelKm ?? null,
    availability: row.profile?.availability ?? '',
    languages: row.profile?.languages ?? [],
    hasCar: row.profile?.hasCar ?? false,
    place:
      row.profile?.latitude != null && row.profile?.longitude != null
        ? { latitude: row.profile.latitude, longitude: row.profile.longitude }
        : null,
    availableUntil:
      row.profile?.availableUntil && row.profile.availableUntil.getTime() > Date.now()
        ? row.profile.availableUntil.toISOString()
        : null,
    idCheck: row.checkedAt
      ? { checkedBy: row.checkedBy, checkedAt: new Date(row.checkedAt).toISOString() }
      : null,
  };
}

export async function saveHelperProfile(
  db: Conn,
  options: {
    group: Group;
    membership: Membership | undefined;
    userId: string;
    input: {
      categories: TCategory[];
      travelKm: number | null;
      availability: string;
      languages: string[];
      hasCar: boolean;
      place: { latitude: number; longitude: number } | null;
      freeForHours: number | null;
    };
  },
) {
  if (!groupPolicy.isActive(options.membership)) throw notFound('group');
  const { place, freeForHours, ...rest } = options.input;
  const values = {
    groupId: options.group.id,
    userId: options.userId,
    ...rest,
    categories: [...new Set(rest.categories)],
    // Public-grade precision only (SAFETY 4): a helper's place is as rough as an ask's.
    latitude: place ? roundPoint(place.latitude) : null,
    longitude: place ? roundPoint(place.longitude) : null,
    availableUntil: freeForHours ? new Date(Date.now() + freeForHours * 3_600_000) : null,
    updatedAt: new Date(),
  };
  await db
    .insert(helperProfiles)
    .values(values)
    .onConflictDoUpdate({ target: [helperProfiles.groupId, helperProfiles.userId], set: values });
}

/** Moderators record (or withdraw) that they checked a member's ID: who and when, never the document. */
export async function setIdCheck(
  db: Conn,
  options: {
    group: Group;
    actor: Membership | undefined;
    actorId: string;
    userId: string;
    isChecked: boolean;
  },
) {
  if (!groupPolicy.canModerate(options.actor)) {
    throw forbidden('not-moderator', "Only the group's moderators can record ID checks.");
  }
  const target = await findMembership({ db }, options.group.id, options.userId);
  if (target?.status !== 'active') throw notFound('member');
  if (!options.isChecked) {
    await db
      .delete(idChecks)
      .where(and(eq(idChecks.groupId, options.group.id), eq(idChecks.userId, options.userId)));
    return;
  }
  await db
    .insert(idChecks)
    .values({ groupId: options.group.id, userId: options.userId, checkedBy: options.actorId })
    .onConflictDoUpdate({
      target: [idChecks.groupId, idChecks.userId],
      set: { checkedBy: options.actorId, checkedAt: new Date() },
    });
}

/** For the kinds of help the group names, the helper needs an ID check before being accepted. */
export async function requireIdCheck(
  db: Conn,
  options: { group: Group; post: Post; helperId: string },
) {
  const category = options.post.category;
  if (!category || !options.group.idCheckCategories.includes(category)) return;
  const [check] = await db
    .select({ userId: idChecks.userId })
    .from(idChecks)
    .where(and(eq(idChecks.groupId, options.group.id), eq(idChecks.userId, options.helperId)));
  if (!check) {
    throw forbidden(
      'id-check-required',
      "This kind of help needs a moderator to have checked the helper's ID first. Ask a moderator of the group.",
    );
  }
}
