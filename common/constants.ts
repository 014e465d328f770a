// Plain constants shared by server and web, with no dependencies, so the web bundle stays small.

export const LOCALES = ['en', 'fr'] as const;
export type TLocale = (typeof LOCALES)[number];

/** A stored or requested language, narrowed to one Kindred speaks (English otherwise). */
export const toLocale = (value: string): TLocale =>
  (LOCALES as readonly string[]).includes(value) ? (value as TLocale) : 'en';

/** SAFETY 11: at least 8 characters, no composition rules, long passphrases welcome. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 1000;

export const DISPLAY_NAME_MAX = 80;

/** The canonical categories of help (DESIGN.md). Keys are stable; labels live in the catalogues. */
export const CATEGORIES = [
  'groceries',
  'prescriptions',
  'meals',
  'transport',
  'errands',
  'repairs',
  'paperwork',
  'childcare',
  'household',
  'chat',
  'money',
  'skills',
  'other',
] as const;
export type TCategory = (typeof CATEGORIES)[number];

/** The dispatch board's columns, left to right. */
export const BOARD_COLUMNS = ['new', 'waiting', 'matched', 'in-progress', 'done'] as const;
export type TBoardColumn = (typeof BOARD_COLUMNS)[number];
/** The most cards a board column holds, in the board's order (the board says each total). */
export const BOARD_COLUMN_CARDS = 100;
/** How long "I'm handling this" holds an ask for one dispatcher before it lapses by itself. */
export const BOARD_CLAIM_MINUTES = 30;
/**
 * A match still waiting for its helper (accepted, not done) with nothing new in its thread or
 * timeline for this many days is "quiet": the board offers to remind its helper, once per period.
 */
export const STALE_MATCH_DAYS = 3;

export const GROUP_KINDS = ['network', 'group', 'pod'] as const;
export type TGroupKind = (typeof GROUP_KINDS)[number];
export const VISIBILITIES = ['public', 'listed', 'hidden'] as const;
export type TVisibility = (typeof VISIBILITIES)[number];
export const JOIN_POLICIES = ['open', 'approval', 'invite'] as const;
export type TJoinPolicy = (typeof JOIN_POLICIES)[number];
export const EXCHANGE_MODES = ['peer', 'dispatch'] as const;
export type TExchangeMode = (typeof EXCHANGE_MODES)[number];
/** Who may post an ask for a neighbour without internet (the group decides). */
export const ON_BEHALF_BY = ['members', 'moderators'] as const;
export type TOnBehalfBy = (typeof ON_BEHALF_BY)[number];
/** Where a group stands in the public directory. */
export const LISTINGS = ['listed', 'unlisted', 'awaiting-approval'] as const;
export type TListing = (typeof LISTINGS)[number];
export const ROLES = ['member', 'moderator', 'admin'] as const;
export type TRole = (typeof ROLES)[number];
export const MEMBERSHIP_STATUSES = ['pending', 'active', 'banned'] as const;
export type TMembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export const GROUP_NAME_MIN = 2;
export const GROUP_NAME_MAX = 120;
/** A group's numeric settings: the range each takes, and what a new group starts with. */
export const GROUP_SETTING_LIMITS = {
  askExpiryDays: { min: 1, max: 365, initial: 14 },
  holdNewMembersDays: { min: 0, max: 90, initial: 0 },
  confirmAfterDays: { min: 1, max: 90, initial: 7 },
  unansweredAlertHours: { min: 1, max: 720, initial: 24 },
  /** New asks a helper is alerted to in a day, at most (0: no alerts in this group). */
  askAlertsPerDay: { min: 0, max: 20, initial: 3 },
} as const;
export const GROUP_TEXT_MAX = 5000;
export const JOIN_QUESTIONS_MAX = 5;
export const JOIN_ANSWER_MAX = 1000;
export const RADIUS_KM_MAX = 500;
/** The neighbourhoods and places a group lists as its area (found by the place search). */
export const AREA_NAMES_MAX = 30;
export const AREA_NAME_MAX = 80;
export const PLACE_SOURCES = ['area', 'group', 'gazetteer', 'geocoder'] as const;
/** Lower-case letters, digits and single hyphens; the web app suggests one from the name. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MIN = 3;
export const SLUG_MAX = 60;

/** A slug suggested from a name: "Café Côte-des-Neiges" → "cafe-cote-des-neiges". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX)
    .replace(/-+$/, '');
}

export const POST_KINDS = ['ask', 'offer', 'info', 'question'] as const;
export type TPostKind = (typeof POST_KINDS)[number];
export const URGENCIES = ['today', 'this-week', 'flexible'] as const;
export type TUrgency = (typeof URGENCIES)[number];
export const POST_STATUSES = ['open', 'closed'] as const;
/** What the author may say when closing; an ask past its time closes as `expired`. */
export const CLOSE_REASONS = ['fulfilled', 'not-needed'] as const;
export const CLOSED_REASONS = [...CLOSE_REASONS, 'expired'] as const;
export type TClosedReason = (typeof CLOSED_REASONS)[number];
export const REACTIONS = ['heart', 'thanks', 'support', 'celebrate'] as const;
export type TReaction = (typeof REACTIONS)[number];

export const RESPONSE_STATUSES = ['pending', 'accepted', 'not-chosen', 'withdrawn'] as const;
export type TResponseStatus = (typeof RESPONSE_STATUSES)[number];
/** A match is live while `accepted` or `done`: only then does its helper see the private record. */
export const MATCH_STATUSES = [
  'accepted',
  'done',
  'confirmed',
  'closed',
  'withdrawn',
  'reassigned',
] as const;
export type TMatchStatus = (typeof MATCH_STATUSES)[number];
export const LIVE_MATCH_STATUSES = ['accepted', 'done'] as const satisfies readonly TMatchStatus[];
/** A match's timeline: `helper-gone` when its helper left (or was removed from) the group. */
export const MATCH_EVENT_KINDS = [
  'responded',
  'accepted',
  'assigned',
  'message',
  'done',
  'confirmed',
  'closed',
  'withdrawn',
  'reassigned',
  'helper-gone',
  /** The person helped answered "Did it happen?" with no: the match is the helper's again. */
  'not-done',
] as const;
export type TMatchEventKind = (typeof MATCH_EVENT_KINDS)[number];
/** What an in-app notification is about; the words are the web app's, in each catalogue. */
export const NOTIFICATION_KINDS = [
  'response',
  'accepted',
  'not-chosen',
  'message',
  'done',
  'confirmed',
  'withdrawn',
  'removed',
  'ask-closed',
  'helper-gone',
  'join-request',
  /** To a group's moderators: an ask has waited longer than the group's threshold unanswered. */
  'unanswered-ask',
  /** To a helper, from the board: a match has been quiet for STALE_MATCH_DAYS. */
  'match-reminder',
  /** To an asker: a moderator closed their ask because the date it was needed by has passed. */
  'ask-expired',
  /** To a helper whose profile fits a new ask in their group (at most the group's daily number). */
  'new-ask',
  /** To the person helped, a day after "done" with no confirmation: "Did it happen?" */
  'confirm-reminder',
  /** To the group's moderators, two days after "Did it happen?" went unanswered. */
  'unconfirmed',
  /** To a helper, when a match has been quiet for STALE_MATCH_DAYS: "Still on for this?" */
  'still-on',
  /** To the helper and the moderators: the person helped says it has not happened. */
  'not-done',
] as const;
/** "Did it happen?" is asked this long after the helper marked it done, unconfirmed. */
export const CONFIRM_REMINDER_HOURS = 24;
/** … and the group's moderators are told this long after that, still unconfirmed. */
export const UNCONFIRMED_ALERT_HOURS = 48;
export type TNotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const POST_TITLE_MAX = 140;
export const POST_BODY_MAX = 5000;
export const COMMENT_MAX = 2000;
export const POLL_OPTIONS_MAX = 6;
export const POLL_OPTION_MAX = 100;
/** Photos on a post: how many, how large, and the kinds the server reads (by their content). */
export const PHOTOS_PER_POST = 4;
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

/** What a moderator did, as the moderation log records it (who, what, why, when). */
export const MODERATION_ACTIONS = [
  'pin',
  'unpin',
  'release',
  'remove-post',
  'remove-member',
  'ban-member',
  'lift-ban',
  'close-past-date',
  'remind-helper',
] as const;
export type TModerationAction = (typeof MODERATION_ACTIONS)[number];
