import { z } from 'zod';
import { NOTIFICATION_KINDS, POST_KINDS } from './constants.ts';

export const ZNotification = z
  .object({
    id: z.uuid(),
    kind: z.enum(NOTIFICATION_KINDS),
    postId: z.uuid().nullable(),
    matchId: z.uuid().nullable(),
    actorName: z.string().nullable(),
    postTitle: z.string().nullable(),
    /** The post's kind, so the words fit: "can help with" an ask, "would like" an offer. */
    postKind: z.enum(POST_KINDS).nullable(),
    /** The reader's side of the match it is about, if any: the words differ for each side. */
    myRole: z.enum(['helper', 'asker']).nullable(),
    /** The group it is about, when no post is (a request to join, to its moderators). */
    group: z.object({ slug: z.string(), name: z.string() }).nullable(),
    isRead: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Notification' });
export type TNotification = z.infer<typeof ZNotification>;
export const ZNotificationList = z.object({
  unread: z.number().int(),
  items: z.array(ZNotification),
});
export type TNotificationList = z.infer<typeof ZNotificationList>;
export const ZReadNotifications = z.object({ ids: z.array(z.uuid()).max(200).optional() });

/**
 * What a person chooses to hear about outside the app, each kind of notification in one stream:
 * an unsubscribe link stops one stream, the settings page sets each stream per channel.
 */
export const NOTIFICATION_STREAMS = [
  'responses',
  'matches',
  'messages',
  'groups',
  'alerts',
  'nearby',
] as const;
export type TNotificationStream = (typeof NOTIFICATION_STREAMS)[number];
export const STREAM_OF: Record<(typeof NOTIFICATION_KINDS)[number], TNotificationStream> = {
  response: 'responses',
  accepted: 'matches',
  'not-chosen': 'matches',
  done: 'matches',
  confirmed: 'matches',
  withdrawn: 'matches',
  'helper-gone': 'matches',
  'ask-closed': 'matches',
  'match-reminder': 'matches',
  'ask-expired': 'matches',
  removed: 'matches',
  message: 'messages',
  'join-request': 'groups',
  'unanswered-ask': 'alerts',
  'new-ask': 'nearby',
  'confirm-reminder': 'matches',
  unconfirmed: 'alerts',
  'still-on': 'matches',
  'not-done': 'matches',
};
/** The channels outside the app: email, and web push to the devices a person turned it on for. */
export const NOTIFICATION_CHANNELS = ['email', 'push'] as const;
export type TNotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
/** Pausing everything lasts at most this long; a longer silence is turning streams off. */
export const PAUSE_DAYS_MAX = 90;

const ZStreamChannels = z.object({ email: z.boolean(), push: z.boolean() });
const ZHour = z.number().int().min(0).max(23);

export const ZNotificationSettings = z
  .object({
    streams: z.object(
      Object.fromEntries(NOTIFICATION_STREAMS.map((s) => [s, ZStreamChannels])) as Record<
        TNotificationStream,
        typeof ZStreamChannels
      >,
    ),
    /** Until when nothing is sent outside the app (in-app notifications still arrive). */
    pausedUntil: z.iso.datetime().nullable(),
    /** Non-urgent email waits until the end of these hours, in the person's time zone. */
    quietHours: z.object({ start: ZHour, end: ZHour }).nullable(),
    timeZone: z.string().nullable(),
    /** Emails to this person's address were refused three times: none is sent until fixed. */
    emailUndeliverable: z.boolean(),
    /** Streams stopped from an email's unsubscribe link, newest first, each with an undo. */
    unsubscribes: z.array(
      z.object({
        id: z.uuid(),
        stream: z.enum(NOTIFICATION_STREAMS),
        channel: z.enum(NOTIFICATION_CHANNELS),
        createdAt: z.iso.datetime(),
      }),
    ),
  })
  .meta({ id: 'NotificationSettings' });
export type TNotificationSettings = z.infer<typeof ZNotificationSettings>;

export const ZUpdateNotificationSettings = z.object({
  streams: z
    .partialRecord(
      z.enum(NOTIFICATION_STREAMS),
      z.object({ email: z.boolean().optional(), push: z.boolean().optional() }),
    )
    .optional(),
  /** 0 ends a pause. */
  pauseDays: z.number().int().min(0).max(PAUSE_DAYS_MAX).optional(),
  quietHours: z
    .object({ start: ZHour, end: ZHour })
    .refine((q) => q.start !== q.end, { message: 'Start and end must differ.', path: ['end'] })
    .nullable()
    .optional(),
  /** An IANA time zone, as the browser reports it (Intl.DateTimeFormat). */
  timeZone: z
    .string()
    .max(64)
    .refine(isTimeZone, { message: 'Not a time zone this server knows.' })
    .optional(),
  /** "I have fixed my address": emails are tried again. */
  retryEmail: z.literal(true).optional(),
});
export type TUpdateNotificationSettings = z.infer<typeof ZUpdateNotificationSettings>;

export function isTimeZone(zone: string) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** What an unsubscribe link's page shows before the person confirms. */
export const ZUnsubscribeLink = z
  .object({ stream: z.enum(NOTIFICATION_STREAMS), channel: z.enum(NOTIFICATION_CHANNELS) })
  .meta({ id: 'UnsubscribeLink' });

/** Base64url without padding, as a browser's PushSubscription.toJSON() gives its keys. */
const ZBase64Url = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+=*$/, { message: 'Must be base64url, as the browser gives it.' });

/**
 * A device's push subscription, exactly as `PushSubscription.toJSON()` gives it: the push
 * service's address for this browser, and the keys that only this browser can decrypt with
 * (RFC 8291: an uncompressed P-256 point and a 16-byte secret).
 */
export const ZPushSubscription = z
  .object({
    endpoint: z
      .url({ protocol: /^https$/, error: 'Must be the https address the browser gave.' })
      .max(1000),
    expirationTime: z.number().nullable().optional(),
    keys: z.object({ p256dh: ZBase64Url(87, 88), auth: ZBase64Url(22, 24) }),
    /** What the person would call this device ("Chrome on Android"), from the browser. */
    label: z.string().trim().max(80).optional(),
  })
  .meta({ id: 'PushSubscription' });
export type TPushSubscription = z.infer<typeof ZPushSubscription>;

/** A device that receives push: never its keys, only what the settings page lists. */
export const ZPushDevice = z
  .object({
    id: z.uuid(),
    label: z.string().nullable(),
    /** The push service's host (fcm.googleapis.com), so two browsers can be told apart. */
    service: z.string(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'PushDevice' });
export const ZPushDevices = z.object({ items: z.array(ZPushDevice) });
export type TPushDevice = z.infer<typeof ZPushDevice>;
export const ZPushPublicKey = z.object({
  /** The VAPID public key, base64url: `applicationServerKey` for PushManager.subscribe. */
  publicKey: z.string(),
});

/** What a push message carries: the same neutral words as an email, and where to go. */
export const ZPushPayload = z.object({
  title: z.string(),
  body: z.string(),
  /** A path on this Kindred (/matches/…): the page opened when the notification is tapped. */
  url: z.string().startsWith('/'),
  /** Notifications with the same tag replace each other (one per thread). */
  tag: z.string(),
  /** The language of the words, for the device's screen reader. */
  lang: z.string(),
});
export type TPushPayload = z.infer<typeof ZPushPayload>;

/** A "Did it happen?" link's answers: each a page that acts only when its button is pressed. */
export const FOLLOW_UP_ANSWERS = ['yes', 'no'] as const;
export const ZFollowUpLink = z
  .object({
    /** Where the match is now: only a match still marked done can be answered. */
    state: z.enum(['waiting', 'confirmed', 'moved-on']),
  })
  .meta({ id: 'FollowUpLink' });
export const ZFollowUpAnswer = z.object({ answer: z.enum(FOLLOW_UP_ANSWERS) });
