import { z } from 'zod';
import { NOTIFICATION_KINDS } from './constants.ts';

export const ZNotification = z
  .object({
    id: z.uuid(),
    kind: z.enum(NOTIFICATION_KINDS),
    postId: z.uuid().nullable(),
    matchId: z.uuid().nullable(),
    actorName: z.string().nullable(),
    postTitle: z.string().nullable(),
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
