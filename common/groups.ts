import { z } from 'zod';
import { ZLanguages } from './accounts.ts';
import {
  AREA_NAME_MAX,
  AREA_NAMES_MAX,
  CATEGORIES,
  EXCHANGE_MODES,
  GROUP_KINDS,
  GROUP_NAME_MAX,
  GROUP_NAME_MIN,
  GROUP_SETTING_LIMITS,
  GROUP_TEXT_MAX,
  JOIN_ANSWER_MAX,
  JOIN_POLICIES,
  JOIN_QUESTIONS_MAX,
  LISTINGS,
  MEMBERSHIP_STATUSES,
  ON_BEHALF_BY,
  PLACE_SOURCES,
  RADIUS_KM_MAX,
  ROLES,
  SLUG_MAX,
  SLUG_MIN,
  SLUG_PATTERN,
  VISIBILITIES,
} from './constants.ts';
import { TEMPLATE_KEYS } from './group-templates.ts';

export const ZCategory = z.enum(CATEGORIES);
export const ZGroupKind = z.enum(GROUP_KINDS);
export const ZVisibility = z.enum(VISIBILITIES);
export const ZJoinPolicy = z.enum(JOIN_POLICIES);
export const ZExchangeMode = z.enum(EXCHANGE_MODES);
export const ZRole = z.enum(ROLES);

export const ZSlug = z
  .string()
  .trim()
  .min(SLUG_MIN, { error: `Use at least ${SLUG_MIN} characters.` })
  .max(SLUG_MAX, { error: `Use ${SLUG_MAX} characters or fewer.` })
  .regex(SLUG_PATTERN, { error: 'Use lower-case letters, digits and single hyphens.' });

export const ZLatitude = z
  .number()
  .min(-90, { error: 'A latitude is between -90 and 90.' })
  .max(90, { error: 'A latitude is between -90 and 90.' });
export const ZLongitude = z
  .number()
  .min(-180, { error: 'A longitude is between -180 and 180.' })
  .max(180, { error: 'A longitude is between -180 and 180.' });
export const ZPoint = z.object({ latitude: ZLatitude, longitude: ZLongitude });

/** Only http and https, so a stored link can never run script (SAFETY 19). */
export const ZWebLink = z
  .string()
  .trim()
  .max(500, { error: 'Use 500 characters or fewer.' })
  .pipe(z.url({ protocol: /^https?$/, error: 'Enter a web address starting with https://.' }));

export const ZPhoneLine = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()./-]{5,30}$/, { error: 'Enter a phone number such as +44 20 7946 0000.' });

export const ZContactEmail = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'Enter an email address like name@example.org.' }).max(254));

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `Use ${max} characters or fewer.` });

/** A whole number in the range common/constants.ts gives the setting. */
const setting = (name: keyof typeof GROUP_SETTING_LIMITS) =>
  z.number().int().min(GROUP_SETTING_LIMITS[name].min).max(GROUP_SETTING_LIMITS[name].max);

export const ZGroupName = z
  .string()
  .trim()
  .min(GROUP_NAME_MIN, { error: `Enter a name of at least ${GROUP_NAME_MIN} characters.` })
  .max(GROUP_NAME_MAX, { error: `Use ${GROUP_NAME_MAX} characters or fewer.` });

export const ZJoinQuestions = z
  .array(text(300).min(1, { error: 'A question cannot be empty.' }))
  .max(JOIN_QUESTIONS_MAX, { error: `Ask at most ${JOIN_QUESTIONS_MAX} questions.` });

const settingsFields = {
  name: ZGroupName,
  description: text(GROUP_TEXT_MAX),
  rules: text(GROUP_TEXT_MAX),
  locationName: text(200),
  areaNames: z
    .array(text(AREA_NAME_MAX).min(2, { error: 'Write at least 2 letters for each place.' }))
    .max(AREA_NAMES_MAX, { error: `List at most ${AREA_NAMES_MAX} places.` }),
  centre: ZPoint,
  radiusKm: z
    .number()
    .positive({ error: 'The area needs a radius above 0 km.' })
    .max(RADIUS_KM_MAX, { error: `Use a radius of ${RADIUS_KM_MAX} km or less.` }),
  phone: ZPhoneLine.nullable(),
  email: ZContactEmail.nullable(),
  website: ZWebLink.nullable(),
  facebookUrl: ZWebLink.nullable(),
  languages: ZLanguages,
  categories: z.array(ZCategory).max(CATEGORIES.length),
  exchangeMode: ZExchangeMode,
  visibility: ZVisibility,
  joinPolicy: ZJoinPolicy,
  joinQuestions: ZJoinQuestions,
  askExpiryDays: setting('askExpiryDays'),
  holdNewMembersDays: setting('holdNewMembersDays'),
  confirmAfterDays: setting('confirmAfterDays'),
  idCheckCategories: z.array(ZCategory).max(CATEGORIES.length),
  unansweredAlertHours: setting('unansweredAlertHours'),
  askAlertsPerDay: setting('askAlertsPerDay'),
  onBehalfBy: z.enum(ON_BEHALF_BY),
};

export const ZCreateGroup = z.object({
  template: z.enum(TEMPLATE_KEYS),
  slug: ZSlug,
  parentSlug: ZSlug.nullable().optional(),
  ...settingsFields,
  description: settingsFields.description.default(''),
  rules: settingsFields.rules.default(''),
  locationName: settingsFields.locationName.default(''),
  areaNames: settingsFields.areaNames.default([]),
  phone: settingsFields.phone.default(null),
  email: settingsFields.email.default(null),
  website: settingsFields.website.default(null),
  facebookUrl: settingsFields.facebookUrl.default(null),
  languages: settingsFields.languages.default([]),
  joinQuestions: settingsFields.joinQuestions.default([]),
  askExpiryDays: settingsFields.askExpiryDays.default(GROUP_SETTING_LIMITS.askExpiryDays.initial),
  holdNewMembersDays: settingsFields.holdNewMembersDays.default(
    GROUP_SETTING_LIMITS.holdNewMembersDays.initial,
  ),
  confirmAfterDays: settingsFields.confirmAfterDays.default(
    GROUP_SETTING_LIMITS.confirmAfterDays.initial,
  ),
  idCheckCategories: settingsFields.idCheckCategories.default([]),
  unansweredAlertHours: settingsFields.unansweredAlertHours.default(
    GROUP_SETTING_LIMITS.unansweredAlertHours.initial,
  ),
  askAlertsPerDay: settingsFields.askAlertsPerDay.default(
    GROUP_SETTING_LIMITS.askAlertsPerDay.initial,
  ),
  onBehalfBy: settingsFields.onBehalfBy.default('members'),
});
export type TCreateGroup = z.input<typeof ZCreateGroup>;

/** Only these fields can change; anything else in the body is ignored (SAFETY 18). */
export const ZUpdateGroup = z.object(settingsFields).partial();
export type TUpdateGroup = z.infer<typeof ZUpdateGroup>;

export const ZGroupRef = z.object({ slug: z.string(), name: z.string(), kind: ZGroupKind });

export const ZMyMembership = z.object({
  status: z.enum(['pending', 'active']),
  role: ZRole,
});

export const ZGroupLinks = z.object({ self: z.string(), web: z.string() });

/** What anyone may see of a group they may know of. */
export const ZGroupSummary = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    kind: ZGroupKind,
    name: z.string(),
    description: z.string(),
    locationName: z.string(),
    centre: ZPoint,
    radiusKm: z.number(),
    distanceKm: z.number().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    website: z.string().nullable(),
    facebookUrl: z.string().nullable(),
    languages: z.array(z.string()),
    categories: z.array(ZCategory),
    visibility: ZVisibility,
    joinPolicy: ZJoinPolicy,
    externalId: z.string().nullable(),
    links: ZGroupLinks,
  })
  .meta({ id: 'GroupSummary' });
export type TGroupSummary = z.infer<typeof ZGroupSummary>;

export const ZGroup = ZGroupSummary.extend({
  /** The neighbourhoods and places the group covers (found by the place search). */
  areaNames: z.array(z.string()),
  rules: z.string(),
  exchangeMode: ZExchangeMode,
  joinQuestions: z.array(z.string()),
  template: z.string().nullable(),
  askExpiryDays: z.number().int(),
  holdNewMembersDays: z.number().int(),
  confirmAfterDays: z.number().int(),
  idCheckCategories: z.array(ZCategory),
  unansweredAlertHours: z.number().int(),
  askAlertsPerDay: z.number().int(),
  onBehalfBy: z.enum(ON_BEHALF_BY),
  /** Whether the group is in the public directory (shown to its admins and instance admins). */
  listing: z.enum(LISTINGS),
  parent: ZGroupRef.nullable(),
  memberCount: z.number().int(),
  children: z.array(ZGroupSummary),
  myMembership: ZMyMembership.nullable(),
  /** Active members (and anyone, for a public group) see inside: pods, and later posts. */
  canSeeInside: z.boolean(),
  canModerate: z.boolean(),
  canAdminister: z.boolean(),
  /** Whether the viewer may start a group (or pod) under this one. */
  canAddChild: z.boolean(),
  /** Whether the viewer may post an ask for a neighbour without internet. */
  canPostForNeighbour: z.boolean(),
  /** An instance administrator, and the group waits for their approval to be listed. */
  canApproveListing: z.boolean(),
}).meta({ id: 'Group' });
export type TGroup = z.infer<typeof ZGroup>;

export const ZDirectoryQuery = z.object({
  near: z
    .string()
    .regex(/^-?\d{1,3}(\.\d+)?,-?\d{1,3}(\.\d+)?$/, {
      error: 'Use "latitude,longitude", for example 48.43,-123.37.',
    })
    .transform((value) => value.split(',').map(Number) as [number, number])
    .refine(([latitude, longitude]) => Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180, {
      error: 'The latitude is between -90 and 90, the longitude between -180 and 180.',
    })
    .optional(),
  q: z.string().trim().max(100).optional(),
  radius: z.coerce.number().positive().max(20_000).optional(),
  network: ZSlug.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(50),
  cursor: z.string().max(200).optional(),
});
export type TDirectoryQuery = z.input<typeof ZDirectoryQuery>;

export const ZDirectoryPage = z
  .object({ items: z.array(ZGroupSummary), nextCursor: z.string().nullable() })
  .meta({ id: 'DirectoryPage' });
export type TDirectoryPage = z.infer<typeof ZDirectoryPage>;

export const ZMyGroups = z.object({
  items: z.array(ZGroupSummary.extend({ myMembership: ZMyMembership })),
});
export type TMyGroups = z.infer<typeof ZMyGroups>;

export const ZJoin = z.object({
  answers: z.array(text(JOIN_ANSWER_MAX)).max(JOIN_QUESTIONS_MAX).default([]),
});
export const ZJoinResult = z.object({ myMembership: ZMyMembership });

export const ZMember = z
  .object({
    userId: z.uuid(),
    displayName: z.string(),
    role: ZRole,
    status: z.enum(MEMBERSHIP_STATUSES),
    /** Moderators only. */
    joinAnswers: z.array(z.object({ question: z.string(), answer: z.string() })).optional(),
    requestedAt: z.iso.datetime().optional(),
    joinedAt: z.iso.datetime().nullable().optional(),
    /** Moderators only: a moderator of the group has checked this person's ID. */
    isIdChecked: z.boolean().optional(),
  })
  .meta({ id: 'Member' });
export type TMember = z.infer<typeof ZMember>;

export const ZMemberQuery = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(['active', 'pending', 'banned']).default('active'),
  role: ZRole.optional(),
  /** Moderators only: only people whose ID a moderator has checked. */
  idChecked: z.stringbool().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export const ZMemberPage = z.object({
  items: z.array(ZMember),
  nextCursor: z.string().nullable(),
  /** Moderators only: how many members, requests to join and bans the group has. */
  counts: z
    .object({ active: z.number().int(), pending: z.number().int(), banned: z.number().int() })
    .optional(),
});
export type TMemberPage = z.infer<typeof ZMemberPage>;

export const ZDecision = z.object({ message: text(1000).optional() });
export const ZChangeRole = z.object({ role: ZRole });
export const ZLeave = z.object({ newAdminId: z.uuid().optional() });

export const ZCreateInvite = z.object({
  expiresInDays: z.number().int().min(1).max(90).default(14),
  maxUses: z.number().int().min(1).max(10_000).default(25),
});
export const ZInvite = z
  .object({
    id: z.uuid(),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    maxUses: z.number().int(),
    uses: z.number().int(),
    isActive: z.boolean(),
  })
  .meta({ id: 'Invite' });
export const ZCreatedInvite = ZInvite.extend({ token: z.string(), url: z.string() });
export const ZInviteList = z.object({ items: z.array(ZInvite) });
export type TInvite = z.infer<typeof ZInvite>;
export type TCreatedInvite = z.infer<typeof ZCreatedInvite>;

export const ZInviteToken = z.object({ token: z.string().min(20).max(200) });
export const ZInvitePreview = z.object({
  group: ZGroupRef.extend({ description: z.string(), locationName: z.string() }),
  expiresAt: z.iso.datetime(),
  myMembership: ZMyMembership.nullable(),
});
export type TInvitePreview = z.infer<typeof ZInvitePreview>;

export const ZPlace = z
  .object({
    name: z.string(),
    detail: z.string(),
    latitude: z.number(),
    longitude: z.number(),
    /**
     * Where it came from: the offline gazetteer, the geocoder, a listed group's name (`group`:
     * detail is its place) or one of its area names (`area`: detail is the group's name).
     */
    source: z.enum(PLACE_SOURCES),
  })
  .meta({ id: 'Place' });
export type TPlace = z.infer<typeof ZPlace>;
export const ZPlaceQuery = z.object({
  q: z.string().trim().min(2, { error: 'Type at least 2 letters.' }).max(200),
  locale: z.string().max(10).optional(),
});
export const ZPlaceList = z.object({
  items: z.array(ZPlace),
  /**
   * `postcode-needs-geocoder`: the query looks like a postcode or an address, which only a
   * geocoder can find, and this Kindred has none (GEOCODER_URL).
   */
  hint: z.enum(['postcode-needs-geocoder']).nullable(),
});
export type TPlaceList = z.infer<typeof ZPlaceList>;

export const ZImportRequest = z.object({
  content: z.string().min(1, { error: 'The file is empty.' }).max(20_000_000),
  fileName: z.string().max(300).optional(),
  format: z.enum(['csv', 'json', 'geojson']).optional(),
  network: ZSlug.optional(),
  dryRun: z.boolean().default(false),
});
export type TImportRequest = z.input<typeof ZImportRequest>;

export const ZImportReport = z
  .object({
    total: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    failed: z.number().int(),
    dryRun: z.boolean(),
    errors: z.array(z.object({ row: z.number().int(), field: z.string(), reason: z.string() })),
  })
  .meta({ id: 'ImportReport' });
export type TImportReport = z.infer<typeof ZImportReport>;
