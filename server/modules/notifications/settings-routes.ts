import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZNotificationSettings,
  ZUnsubscribeLink,
  ZUpdateNotificationSettings,
} from '../../../common/notifications.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../http/auth.ts';
import { problems } from '../../http/schemas.ts';
import * as settings from './settings.ts';

const tags = ['notifications'];
/** An unsubscribe token as emails carry it; anything else is the same "no longer valid". */
const ZToken = z.object({ token: z.string().min(1).max(200) });

export async function notificationSettingsRoutes(app: FastifyInstance, deps: Deps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/me/notification-settings',
    {
      schema: {
        tags,
        summary: 'What I hear about outside the app, and how',
        response: { 200: ZNotificationSettings, ...problems },
      },
    },
    async (request) => settings.getSettings(deps.db, requireUser(request)),
  );

  api.put(
    '/api/v1/me/notification-settings',
    {
      config: { changesAccount: true },
      schema: {
        tags,
        summary: 'Turn streams on or off, pause everything, set quiet hours and my time zone',
        body: ZUpdateNotificationSettings,
        response: { 200: ZNotificationSettings, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await settings.updateSettings(deps.db, user, request.body);
      const fresh = await settings.reloadUser(deps.db, user.id);
      return settings.getSettings(deps.db, fresh);
    },
  );

  api.post(
    '/api/v1/me/unsubscribes/:id/undo',
    {
      schema: {
        tags,
        summary: 'Undo an unsubscribe made from an email link',
        params: z.object({ id: z.uuid() }),
        response: { 200: ZNotificationSettings, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await settings.undoUnsubscribe(deps.db, user, request.params.id);
      return settings.getSettings(deps.db, user);
    },
  );

  // An email's unsubscribe link. Its page (the web app's /unsubscribe/:token) asks first: a GET
  // changes nothing, whoever or whatever follows the link. Only the POST unsubscribes: the
  // page's button, or a mail client's one-click (RFC 8058), which sends no cookie and a form
  // body of "List-Unsubscribe=One-Click".
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 1024 },
      (_request, body, done) => done(null, body),
    );
    const route = scope.withTypeProvider<ZodTypeProvider>();
    route.get(
      '/api/v1/unsubscribe/:token',
      {
        schema: {
          tags,
          summary: 'What an unsubscribe link would stop (changes nothing)',
          params: ZToken,
          response: { 200: ZUnsubscribeLink, ...problems },
        },
      },
      async (request) => {
        const link = await settings.findUnsubscribeLink(deps.db, deps.secret, request.params.token);
        if (!link) throw settings.linkNotValid();
        return { stream: link.stream, channel: link.channel };
      },
    );
    route.post(
      '/api/v1/unsubscribe/:token',
      {
        schema: {
          tags,
          summary: 'Unsubscribe from one stream (one-click, RFC 8058)',
          params: ZToken,
          response: { 200: ZUnsubscribeLink, ...problems },
        },
      },
      async (request) => {
        const link = await settings.unsubscribe(deps.db, deps.secret, request.params.token);
        return { stream: link.stream, channel: link.channel };
      },
    );
  });
}
