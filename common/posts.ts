import { z } from 'zod';
import {
  CLOSE_REASONS,
  CLOSED_REASONS,
  COMMENT_MAX,
  POLL_OPTION_MAX,
  POLL_OPTIONS_MAX,
  POST_BODY_MAX,
  POST_KINDS,
  POST_STATUSES,
  POST_TITLE_MAX,
  REACTIONS,
  RESPONSE_STATUSES,
  URGENCIES,
} from './constants.ts';
import { ZCategory, ZLatitude, ZLongitude, ZPhoneLine, ZWebLink } from './groups.ts';

export const ZPostKind = z.enum(POST_KINDS);
export const ZUrgency = z.enum(URGENCIES);
export const ZReaction = z.enum(REACTIONS);

const text = (max: number, what = 'this') =>
  z
    .string()
    .trim()
    .max(max, { error: `Keep ${what} to ${max} characters or fewer.` });

/** The private details of an ask: only the asker, the group's moderators and (later) the accepted helper read them. */
export const ZPrivateDetails = z.object({
  address: text(300, 'the address').nullable().default(null),
  phone: ZPhoneLine.nullable().default(null),
  accessNotes: text(1000, 'the notes').nullable().default(null),
  contactPreference: text(200).nullable().default(null),
  /** The exact point; the post shows only a rounded one (SAFETY 4). */
  point: z.object({ latitude: ZLatitude, longitude: ZLongitude }).nullable().default(null),
});
export type TPrivateDetails = z.infer<typeof ZPrivateDetails>;

/** The fields of a post, without defaults (an edit changes only what it names). */
const postFieldsBase = {
  title: z
    .string()
    .trim()
    .min(3, { error: 'Give it a title of at least 3 characters.' })
    .max(POST_TITLE_MAX, { error: `Keep the title to ${POST_TITLE_MAX} characters or fewer.` }),
  body: text(POST_BODY_MAX, 'the text'),
  category: ZCategory.nullable(),
  urgency: ZUrgency.nullable(),
  neededBy: z.iso.date({ error: 'Use a date like 2026-12-01.' }).nullable(),
  timeWindow: text(100, 'the time').nullable(),
  peopleCount: z.number().int().min(1).max(100).nullable(),
  locationName: text(100, 'the place'),
  availability: text(200, 'the availability').nullable(),
  quantity: text(100, 'the quantity').nullable(),
  isOngoing: z.boolean(),
  travelKm: z.number().min(0).max(500).nullable(),
  linkUrl: ZWebLink.nullable(),
};

/** The same fields when creating a post: whatever is left out takes its default. */
const postFields = {
  ...postFieldsBase,
  body: postFieldsBase.body.default(''),
  category: postFieldsBase.category.default(null),
  urgency: postFieldsBase.urgency.default(null),
  neededBy: postFieldsBase.neededBy.default(null),
  timeWindow: postFieldsBase.timeWindow.default(null),
  peopleCount: postFieldsBase.peopleCount.default(null),
  locationName: postFieldsBase.locationName.default(''),
  availability: postFieldsBase.availability.default(null),
  quantity: postFieldsBase.quantity.default(null),
  isOngoing: postFieldsBase.isOngoing.default(false),
  travelKm: postFieldsBase.travelKm.default(null),
  linkUrl: postFieldsBase.linkUrl.default(null),
};

export const ZCreatePost = z
  .object({
    kind: ZPostKind,
    ...postFields,
    poll: z
      .array(text(POLL_OPTION_MAX, 'each option').min(1, { error: 'An option cannot be empty.' }))
      .min(2, { error: 'A poll needs at least 2 options.' })
      .max(POLL_OPTIONS_MAX, { error: `A poll has at most ${POLL_OPTIONS_MAX} options.` })
      .nullable()
      .default(null),
    private: ZPrivateDetails.nullable().default(null),
    /** A moderator posting an ask for a neighbour without an account (who phoned the group). */
    onBehalfOf: z
      .object({ name: text(80, 'the name').min(1), phone: ZPhoneLine.nullable().default(null) })
      .nullable()
      .default(null),
  })
  .superRefine((post, context) => {
    const needs = (field: string, message: string) =>
      context.addIssue({ code: 'custom', path: [field], message });
    const hasCategory = post.kind === 'ask' || post.kind === 'offer';
    if (hasCategory && !post.category) needs('category', 'Choose what kind of help this is.');
    if (post.kind === 'ask' && !post.urgency) needs('urgency', 'Say how soon it is needed.');
    if (post.kind !== 'ask' && (post.private || post.onBehalfOf)) {
      needs('private', 'Only an ask has private details.');
    }
    if (post.kind !== 'question' && post.poll) needs('poll', 'Only a question can have a poll.');
  });
export type TCreatePost = z.input<typeof ZCreatePost>;
/** A create body after validation, with every default filled in. */
export type TNewPost = z.infer<typeof ZCreatePost>;

/** What an author may change; kind and group never change (SAFETY 18). */
export const ZUpdatePost = z
  .object({ ...postFieldsBase, private: ZPrivateDetails.nullable() })
  .partial();
export type TUpdatePost = z.infer<typeof ZUpdatePost>;

export const ZPostAuthor = z.object({ id: z.uuid(), displayName: z.string() });

export const ZPoll = z.object({
  options: z.array(
    z.object({ id: z.uuid(), label: z.string(), votes: z.number().int().nullable() }),
  ),
  /** Results are shown once the reader has voted (or to the author). */
  myVote: z.uuid().nullable(),
  totalVotes: z.number().int().nullable(),
});

export const ZReactionCount = z.object({
  kind: ZReaction,
  count: z.number().int(),
  isMine: z.boolean(),
});

export const ZPost = z
  .object({
    id: z.uuid(),
    group: z.object({ slug: z.string(), name: z.string() }),
    kind: ZPostKind,
    category: ZCategory.nullable(),
    title: z.string(),
    /** Null for someone outside a public group: they see summaries only. */
    body: z.string().nullable(),
    status: z.enum(POST_STATUSES),
    closedReason: z.enum(CLOSED_REASONS).nullable(),
    urgency: ZUrgency.nullable(),
    neededBy: z.string().nullable(),
    timeWindow: z.string().nullable(),
    peopleCount: z.number().int().nullable(),
    /** Rounded to about 500 m (SAFETY 4). */
    location: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
    locationName: z.string(),
    distanceKm: z.number().nullable(),
    availability: z.string().nullable(),
    quantity: z.string().nullable(),
    isOngoing: z.boolean(),
    travelKm: z.number().nullable(),
    linkUrl: z.string().nullable(),
    author: ZPostAuthor.nullable(),
    isOnBehalf: z.boolean(),
    isPinned: z.boolean(),
    isHeld: z.boolean(),
    isEdited: z.boolean(),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().nullable(),
    commentCount: z.number().int(),
    reactions: z.array(ZReactionCount),
    poll: ZPoll.nullable(),
    /** Paths on this server; members only. */
    photos: z.array(
      z.object({
        id: z.uuid(),
        url: z.string(),
        thumbnailUrl: z.string(),
        width: z.number().int(),
        height: z.number().int(),
      }),
    ),
    responseCount: z.number().int(),
    /** The reader's own response to this post, if any. */
    myResponse: z.enum(RESPONSE_STATUSES).nullable(),
    /** Someone is helping with it now (who is said only to those in the match). */
    isBeingHelped: z.boolean(),
    match: z.object({ id: z.uuid() }).nullable(),
    /** The asker's thank-you, once a helper's work is confirmed. */
    thankYou: z.string().nullable(),
    canEdit: z.boolean(),
    canModerate: z.boolean(),
    hasPrivate: z.boolean(),
  })
  .meta({ id: 'Post' });
export type TPost = z.infer<typeof ZPost>;

export const ZFeedQuery = z.object({
  kind: ZPostKind.optional(),
  category: ZCategory.optional(),
  status: z.enum(['open', 'closed', 'all']).default('open'),
  near: z
    .string()
    .regex(/^-?\d{1,3}(\.\d+)?,-?\d{1,3}(\.\d+)?$/, { error: 'Use "latitude,longitude".' })
    .transform((value) => value.split(',').map(Number) as [number, number])
    .refine(([lat, lng]) => Math.abs(lat) <= 90 && Math.abs(lng) <= 180, {
      error: 'The latitude is between -90 and 90, the longitude between -180 and 180.',
    })
    .optional(),
  within: z.coerce.number().positive().max(500).optional(),
  unanswered: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(300).optional(),
});
export type TFeedQuery = z.input<typeof ZFeedQuery>;

export const ZFeedPage = z
  .object({ items: z.array(ZPost), nextCursor: z.string().nullable() })
  .meta({ id: 'FeedPage' });
export type TFeedPage = z.infer<typeof ZFeedPage>;

export const ZNearQuery = ZFeedQuery.pick({ near: true, within: true, kind: true, limit: true });

export const ZPrivateRecord = z
  .object({
    address: z.string().nullable(),
    phone: z.string().nullable(),
    accessNotes: z.string().nullable(),
    contactPreference: z.string().nullable(),
    point: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
    neighbourName: z.string().nullable(),
  })
  .meta({ id: 'PrivateRecord' });
export type TPrivateRecord = z.infer<typeof ZPrivateRecord>;

export const ZClosePost = z.object({ reason: z.enum(CLOSE_REASONS) });
export const ZPin = z.object({ isPinned: z.boolean() });
export const ZRemovePost = z.object({
  reason: z.string().trim().min(3, { error: 'Say why, in a few words.' }).max(500),
});

export const ZCreateComment = z.object({
  body: z
    .string()
    .trim()
    .min(1, { error: 'Write something first.' })
    .max(COMMENT_MAX, { error: `Keep a comment to ${COMMENT_MAX} characters or fewer.` }),
  parentId: z.uuid().nullable().default(null),
});
export const ZComment = z
  .object({
    id: z.uuid(),
    parentId: z.uuid().nullable(),
    author: ZPostAuthor,
    body: z.string(),
    createdAt: z.iso.datetime(),
    isEdited: z.boolean(),
  })
  .meta({ id: 'Comment' });
export type TComment = z.infer<typeof ZComment>;
export const ZCommentList = z.object({ items: z.array(ZComment) });

export const ZReactionList = z.object({
  items: z.array(z.object({ kind: ZReaction, people: z.array(ZPostAuthor) })),
});
export const ZVote = z.object({ optionId: z.uuid() });
