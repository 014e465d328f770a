import { groups } from '../../db/schema/index.ts';
import type { Group } from './types.ts';

/**
 * The columns a group's summary shows (no rules, questions or bookkeeping): lists select only
 * these, here and in the directory.
 */
export const summaryColumns = {
  id: groups.id,
  slug: groups.slug,
  kind: groups.kind,
  name: groups.name,
  description: groups.description,
  locationName: groups.locationName,
  latitude: groups.latitude,
  longitude: groups.longitude,
  radiusKm: groups.radiusKm,
  phone: groups.phone,
  email: groups.email,
  website: groups.website,
  facebookUrl: groups.facebookUrl,
  languages: groups.languages,
  categories: groups.categories,
  visibility: groups.visibility,
  joinPolicy: groups.joinPolicy,
  externalId: groups.externalId,
};
export type GroupSummaryRow = Pick<Group, keyof typeof summaryColumns>;
