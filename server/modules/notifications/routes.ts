import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZNotificationList, ZReadNotifications } from '../../../common/notifications.ts';
import { EVENTS_CHANNEL } from '../../cache/channels.ts';
import { groups, matches, notifications, posts, users } from '../../db/schema/index.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../http/auth.ts';
import { forbidden } from '../../http/errors.ts';
import { problems } from '../../http/schemas.ts';
import { wakeJobOn } from '../../jobs/wake.ts';
import { loadGroup } from '../groups/groups.ts';
import * as groupPolicy from '../groups/policy.ts';
import { createEventHub } from './events.ts';

const tags = ['notifications'];

export async function notificationRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const hub = createEventHub(deps.listener);
  // New notifications wake their delivery; new asks (announced with their group) the alerts.
  const stopDelivery = wakeJobOn(deps, EVENTS_CHANNEL, 'deliver-notifications', (payload) =>
    payload.includes('userIds'),
  );
  const stopAlerts = wakeJobOn(deps, EVENTS_CHANNEL, 'ask-alerts', (payload) =>
    payload.includes('groupIds'),
  );
  app.addHook('preClose', async () => {
    stopDelivery();
    stopAlerts();
    hub.close();
  });

  api.get(
    '/api/v1/notifications',
    {
      schema: {
        tags,
        summary: 'My latest notifications and how many are unread',
        response: { 200: ZNotificationList, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const [rows, [unread]] = await Promise.all([
        deps.db
          .select({
            id: notifications.id,
            kind: notifications.kind,
            postId: notifications.postId,
            matchId: notifications.matchId,
            createdAt: notifications.createdAt,
            readAt: notifications.readAt,
            actorName: users.displayName,
            // A post a moderator removed keeps its title from everyone but its author's own
            // "removed" notice: the title may be why it was removed.
            postTitle: sql<string | null>`case when ${posts.removedAt} is null
              or ${notifications.kind} = 'removed' then ${posts.title} end`,
            postKind: posts.kind,
            groupSlug: groups.slug,
            groupName: groups.name,
            myRole: sql<'helper' | 'asker' | null>`case ${notifications.userId}
              when ${matches.helperId} then 'helper' when ${matches.askerId} then 'asker' end`,
          })
          .from(notifications)
          .leftJoin(users, eq(users.id, notifications.actorId))
          // A match's notification names its post too ("Sam says “Groceries” is done").
          .leftJoin(matches, eq(matches.id, notifications.matchId))
          .leftJoin(groups, eq(groups.id, notifications.groupId))
          .leftJoin(posts, eq(posts.id, sql`coalesce(${notifications.postId}, ${matches.postId})`))
          .where(eq(notifications.userId, user.id))
          .orderBy(desc(notifications.createdAt))
          .limit(50),
        deps.db
          .select({ count: sql<number>`count(*)::int` })
          .from(notifications)
          .where(and(eq(notifications.userId, user.id), isNull(notifications.readAt))),
      ]);
      return {
        unread: unread?.count ?? 0,
        items: rows.map((row) => ({
          id: row.id,
          kind: row.kind,
          postId: row.postId,
          matchId: row.matchId,
          actorName: row.actorName,
          postTitle: row.postTitle,
          postKind: row.postKind,
          myRole: row.myRole,
          group:
            row.groupSlug && row.groupName ? { slug: row.groupSlug, name: row.groupName } : null,
          isRead: row.readAt !== null,
          createdAt: row.createdAt.toISOString(),
        })),
      };
    },
  );

  api.post(
    '/api/v1/notifications/read',
    {
      schema: {
        tags,
        summary: 'Mark notifications read: the ones named, or all',
        body: ZReadNotifications,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const mine = eq(notifications.userId, user.id);
      await deps.db
        .update(notifications)
        .set({ readAt: sql`now()` })
        .where(
          request.body.ids
            ? and(mine, inArray(notifications.id, request.body.ids), isNull(notifications.readAt))
            : and(mine, isNull(notifications.readAt)),
        );
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/api/v1/events',
    {
      schema: {
        tags,
        summary:
          'Server-sent events for my pages: "notification" when one arrives; with ?board=SLUG (moderators), "board" when that board changes',
        querystring: z.object({ board: z.string().max(100).optional() }),
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const keys = [`user:${user.id}`];
      const board = request.query.board;
      if (board) {
        const { group, membership } = await loadGroup(deps, board, user);
        if (!groupPolicy.canModerate(membership)) {
          throw forbidden('not-moderator', "Only the group's moderators can follow its board.");
        }
        keys.push(`board:${group.id}`);
      }
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        connection: 'keep-alive',
      });
      reply.raw.write('retry: 5000\n\n');
      hub.open(keys, reply.raw);
    },
  );
}
