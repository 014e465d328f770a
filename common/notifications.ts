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
