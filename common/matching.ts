import { z } from 'zod';
import { ZLanguages } from './accounts.ts';
import {
  BOARD_COLUMNS,
  CATEGORIES,
  MATCH_EVENT_KINDS,
  MATCH_STATUSES,
  POST_KINDS,
  RESPONSE_STATUSES,
  URGENCIES,
} from './constants.ts';
import { ZCategory as ZCategoryKey } from './groups.ts';

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `Keep it to ${max} characters or fewer.` });

export const ZRespond = z.object({
  note: text(1000).default(''),
  /** On an ask: one of your own open offers, if it fits. */
  offerId: z.uuid().nullable().default(null),
});

export const ZPerson = z.object({ id: z.uuid(), displayName: z.string() });

export const ZResponse = z
  .object({
    id: z.uuid(),
    postId: z.uuid(),
    responder: ZPerson,
    note: z.string(),
    offer: z.object({ id: z.uuid(), title: z.string() }).nullable(),
    status: z.enum(RESPONSE_STATUSES),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Response' });
export type TResponse = z.infer<typeof ZResponse>;
export const ZResponseList = z.object({ items: z.array(ZResponse) });

export const ZAssign = z.object({
  helperId: z.uuid(),
  /** Replace the helper of a live match (it ends as "reassigned"). */
  reassign: z.boolean().default(false),
});

export const ZMatchStatus = z.enum(MATCH_STATUSES);

export const ZMatch = z
  .object({
    id: z.uuid(),
    post: z.object({
      id: z.uuid(),
      title: z.string(),
      kind: z.enum(POST_KINDS),
      isOnBehalf: z.boolean(),
      group: z.object({ slug: z.string(), name: z.string() }),
    }),
    asker: ZPerson,
    helper: ZPerson,
    status: ZMatchStatus,
    thankYou: z.string().nullable(),
    createdAt: z.iso.datetime(),
    doneAt: z.iso.datetime().nullable(),
    endedAt: z.iso.datetime().nullable(),
    myRole: z.enum(['asker', 'helper', 'moderator']),
    timeline: z.array(
      z.object({
        kind: z.enum(MATCH_EVENT_KINDS),
        actor: ZPerson.nullable(),
        reason: z.string().nullable(),
        at: z.iso.datetime(),
      }),
    ),
    canComplete: z.boolean(),
    canConfirm: z.boolean(),
    canWithdraw: z.boolean(),
    canClose: z.boolean(),
  })
  .meta({ id: 'Match' });
export type TMatch = z.infer<typeof ZMatch>;

export const ZConfirm = z.object({ thankYou: text(1000).nullable().default(null) });
export const ZWithdraw = z.object({
  reason: z.string().trim().min(3, { error: 'Say why, in a few words.' }).max(500),
});

export const ZSendMessage = z.object({
  body: z
    .string()
    .trim()
    .min(1, { error: 'Write something first.' })
    .max(4000, { error: 'Keep a message to 4000 characters or fewer.' }),
});
export const ZMessage = z
  .object({ id: z.uuid(), author: ZPerson, body: z.string(), createdAt: z.iso.datetime() })
  .meta({ id: 'Message' });
export type TMessage = z.infer<typeof ZMessage>;
export const ZMessageList = z.object({ items: z.array(ZMessage) });

export const ZMyMatch = z
  .object({
    id: z.uuid(),
    status: ZMatchStatus,
    role: z.enum(['asker', 'helper']),
    post: z.object({
      id: z.uuid(),
      title: z.string(),
      kind: z.enum(POST_KINDS),
      group: z.object({ slug: z.string(), name: z.string() }),
    }),
    /** The other person: the helper for an asker, the person helped for a helper. */
    other: ZPerson,
    /** What this person needs to do or know next, while the match lives. */
    next: z.enum(['help', 'wait-for-confirmation', 'being-helped', 'confirm']).nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'MyMatch' });
export type TMyMatch = z.infer<typeof ZMyMatch>;
/** One of my open asks (or offers) that nobody is helping with yet, with who has offered. */
export const ZMyOpenPost = z.object({
  post: z.object({
    id: z.uuid(),
    title: z.string(),
    kind: z.enum(POST_KINDS),
    group: z.object({ slug: z.string(), name: z.string() }),
  }),
  /** Responses waiting for an answer. */
  waiting: z.number().int(),
  createdAt: z.iso.datetime(),
});
export const ZMyMatches = z.object({
  active: z.array(ZMyMatch),
  history: z.array(ZMyMatch),
  /** My open asks and offers with no helper yet, those with responses waiting first. */
  open: z.array(ZMyOpenPost),
});
export type TMyMatches = z.infer<typeof ZMyMatches>;

export const ZHelperProfileInput = z.object({
  categories: z.array(ZCategoryKey).max(20).default([]),
  travelKm: z.number().min(0).max(500).nullable().default(null),
  availability: text(200).default(''),
  languages: ZLanguages.default([]),
  hasCar: z.boolean().default(false),
  /** Roughly where you are; stored rounded to about 500 m. */
  place: z
    .object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
    .nullable()
    .default(null),
  /** "I'm free now" for this many hours (0 or null: not now). */
  freeForHours: z.number().int().min(0).max(72).nullable().default(null),
});
export const ZHelperProfile = z
  .object({
    userId: z.uuid(),
    displayName: z.string(),
    categories: z.array(ZCategoryKey),
    travelKm: z.number().nullable(),
    availability: z.string(),
    languages: z.array(z.string()),
    hasCar: z.boolean(),
    place: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
    availableUntil: z.iso.datetime().nullable(),
    /** Who checked this person's ID and when (never the document); moderators and the person see it. */
    idCheck: z.object({ checkedBy: z.string().nullable(), checkedAt: z.iso.datetime() }).nullable(),
  })
  .meta({ id: 'HelperProfile' });
export type THelperProfile = z.infer<typeof ZHelperProfile>;

export const ZSuggestion = z.object({
  helper: ZPerson,
  score: z.number(),
  /** The reasons, for words in the reader's language ("2 km · speaks French · 1 active task"). */
  fitsCategory: z.boolean(),
  distanceKm: z.number().nullable(),
  isFreeNow: z.boolean(),
  sharedLanguage: z.string().nullable(),
  activeTasks: z.number().int(),
  lastCompletedAt: z.iso.datetime().nullable(),
  /** The same reasons in English, for scripts. */
  summary: z.string(),
});
export type TSuggestion = z.infer<typeof ZSuggestion>;

// The board's columns live in constants.ts, which the web app can import without zod.
export { BOARD_COLUMNS } from './constants.ts';
export const ZBoardCard = z.object({
  post: z.object({
    id: z.uuid(),
    title: z.string(),
    category: z.string().nullable(),
    urgency: z.enum(URGENCIES).nullable(),
    locationName: z.string(),
    createdAt: z.iso.datetime(),
    isHeld: z.boolean(),
  }),
  column: z.enum(BOARD_COLUMNS),
  ageHours: z.number().int(),
  pendingResponses: z.number().int(),
  /** Nobody has offered to help for longer than the group's threshold. */
  isStale: z.boolean(),
  /** The date it was needed by has passed and nobody is helping: "close asks past their date". */
  isPastDate: z.boolean(),
  /** Its match has waited for the helper with nothing new for STALE_MATCH_DAYS. */
  isQuiet: z.boolean(),
  /** A dispatcher's "I'm handling this", until it lapses (a lapsed one is not sent). */
  claim: z.object({ by: ZPerson, until: z.iso.datetime() }).nullable(),
  match: z.object({ id: z.uuid(), status: ZMatchStatus, helper: ZPerson }).nullable(),
  suggestions: z.array(ZSuggestion),
});
export type TBoardCard = z.infer<typeof ZBoardCard>;
export const ZBoard = z
  .object({
    cards: z.array(ZBoardCard),
    /** How many cards each column has in all (it holds at most `BOARD_COLUMN_CARDS`). */
    totals: z.record(z.enum(BOARD_COLUMNS), z.number().int()),
    unansweredAlertHours: z.number().int(),
    /** What the board's bulk actions would act on, under its filters (all cards, not only those sent). */
    tidy: z.object({ pastDate: z.number().int(), quiet: z.number().int() }),
  })
  .meta({ id: 'Board' });
export type TBoard = z.infer<typeof ZBoard>;
/** The board's order and filters; the column totals follow the filters. */
export const ZBoardQuery = z.object({
  sort: z.enum(['urgency', 'age']).default('urgency'),
  /** Words in the ask's title or its place. */
  q: z.string().trim().max(100).optional(),
  category: z.enum(CATEGORIES).optional(),
  urgency: z.enum(URGENCIES).optional(),
  /** One of the group's area names, matched against the ask's place. */
  area: z.string().trim().max(80).optional(),
  /** A language the person asking speaks. */
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
    .optional(),
  /** Only asks nobody has responded to. */
  unanswered: z.stringbool().optional(),
});
export type TBoardQuery = z.infer<typeof ZBoardQuery>;
/** The board's filters alone: what its bulk actions act on. */
export const ZBoardFilters = ZBoardQuery.omit({ sort: true });
/** How many asks or matches a bulk action changed. */
export const ZBoardTidied = z.object({ count: z.number().int() }).meta({ id: 'BoardTidied' });
export type TBoardTidied = z.infer<typeof ZBoardTidied>;
export const ZBoardClaim = z
  .object({ by: ZPerson, until: z.iso.datetime() })
  .meta({ id: 'BoardClaim' });
