import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZAssign,
  ZConfirm,
  ZMatch,
  ZMessage,
  ZMessageList,
  ZMyMatches,
  ZRespond,
  ZResponse,
  ZResponseList,
  ZSendMessage,
  ZWithdraw,
} from '../../../common/matching.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { idempotent } from '../../http/idempotency.ts';
import { problems, withReplay, ZIdParam, ZIdParam as ZPostParams } from '../../http/schemas.ts';
import * as groupPolicy from '../groups/policy.ts';
import { loadPost } from '../posts/posts.ts';
import { acceptResponse, assignHelper } from './make-match.ts';
import { presentMatch, presentMessage, presentResponse } from './present.ts';
import { respond } from './respond.ts';
import { closeByModerator, complete, confirm, loadMatch, withdraw } from './steps.ts';
import * as store from './store.ts';
import { sendMessage } from './thread.ts';

const tags = ['matching'];
const ZId = ZIdParam;

export async function matchingRoutes(app: FastifyInstance, deps: Deps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/v1/posts/:id/responses',
    {
      schema: {
        tags,
        summary:
          '"I can help" on an ask, or "I\'d like this" on an offer (members); accepts Idempotency-Key',
        params: ZPostParams,
        body: ZRespond,
        response: { 201: ZResponse, ...withReplay },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const loaded = await loadPost(deps, request.params.id, user);
      return idempotent(deps, request, reply, user.id, async () => {
        const responded = await respond(deps, { loaded, user, ...request.body });
        return { status: 201, body: presentResponse(responded) };
      });
    },
  );

  api.get(
    '/api/v1/posts/:id/responses',
    {
      schema: {
        tags,
        summary:
          "A post's responses: all of them for its author and moderators, your own for others",
        params: ZPostParams,
        response: { 200: ZResponseList, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { post, membership } = await loadPost(deps, request.params.id, user);
      if (!groupPolicy.isActive(membership)) throw notFound('post');
      const seesAll = post.authorId === user.id || groupPolicy.canModerate(membership);
      const rows = await store.responsesOn(deps.db, post.id, seesAll ? undefined : user.id);
      return { items: rows.map(presentResponse) };
    },
  );

  const presentMatchFor = async (loaded: Awaited<ReturnType<typeof loadMatch>>, userId: string) =>
    presentMatch(deps.db, loaded, (await store.findMatch(deps.db, loaded.match.id))!, userId);

  api.post(
    '/api/v1/responses/:id/accept',
    {
      schema: {
        tags,
        summary: 'Accept a response: the asker or offerer (peer groups), or a moderator (dispatch)',
        description: 'Exactly one match per post: concurrent accepts after the first get 409.',
        params: ZId,
        response: { 201: ZMatch, ...problems },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const match = await acceptResponse(deps, {
        responseId: request.params.id,
        user,
        loadPost: (id) => loadPost(deps, id, user),
      });
      const loaded = await loadMatch(deps, match.id, user);
      return reply.code(201).send(await presentMatchFor(loaded, user.id));
    },
  );

  api.post(
    '/api/v1/posts/:id/assign',
    {
      schema: {
        tags,
        summary: 'Assign a helper to an ask (moderators), with or without a response',
        params: ZPostParams,
        body: ZAssign,
        response: { 201: ZMatch, ...problems },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const loaded = await loadPost(deps, request.params.id, user);
      const match = await assignHelper(deps, { loaded, user, ...request.body });
      return reply
        .code(201)
        .send(await presentMatchFor(await loadMatch(deps, match.id, user), user.id));
    },
  );

  api.get(
    '/api/v1/matches/:id',
    {
      schema: {
        tags,
        summary: 'A match and its timeline (asker, helper, and the group’s moderators)',
        params: ZId,
        response: { 200: ZMatch, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return presentMatchFor(await loadMatch(deps, request.params.id, user), user.id);
    },
  );

  const transitions = [
    { path: 'complete', summary: 'The helper marks it done', body: z.object({}) },
    {
      path: 'confirm',
      summary: 'The asker confirms, with an optional thank-you; the post closes',
      body: ZConfirm,
    },
    {
      path: 'withdraw',
      summary: 'The asker or the helper withdraws, with a reason; the ask reopens',
      body: ZWithdraw,
    },
    {
      path: 'close',
      summary: 'A moderator closes a match the asker has not confirmed in time',
      body: z.object({}),
    },
  ] as const;
  for (const transition of transitions) {
    api.post(
      `/api/v1/matches/:id/${transition.path}`,
      {
        schema: {
          tags,
          summary: transition.summary,
          params: ZId,
          body: transition.body,
          response: { 200: ZMatch, ...problems },
        },
      },
      async (request) => {
        const user = requireUser(request);
        const loaded = await loadMatch(deps, request.params.id, user);
        const body = request.body as { thankYou?: string | null; reason?: string };
        if (transition.path === 'complete') await complete(deps, { loaded, user });
        if (transition.path === 'confirm') {
          await confirm(deps, { loaded, user, thankYou: body.thankYou ?? null });
        }
        if (transition.path === 'withdraw')
          await withdraw(deps, { loaded, user, reason: body.reason ?? '' });
        if (transition.path === 'close') await closeByModerator(deps, { loaded, user });
        return presentMatchFor(loaded, user.id);
      },
    );
  }

  api.get(
    '/api/v1/me/matches',
    {
      schema: {
        tags,
        summary: 'My asks and my helping: live matches with what to do next, then my history',
        response: { 200: ZMyMatches, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const [rows, open] = await Promise.all([
        store.matchesOf(deps.db, user.id),
        store.openPostsOf(deps.db, user.id),
      ]);
      const items = rows.map((row) => {
        const role = row.helper_id === user.id ? ('helper' as const) : ('asker' as const);
        const isLive = row.status === 'accepted' || row.status === 'done';
        const next = !isLive
          ? null
          : role === 'helper'
            ? row.status === 'accepted'
              ? ('help' as const)
              : ('wait-for-confirmation' as const)
            : row.status === 'accepted'
              ? ('being-helped' as const)
              : ('confirm' as const);
        return {
          id: row.id,
          status: row.status,
          role,
          post: {
            id: row.post_id,
            title: row.title,
            kind: row.kind,
            group: { slug: row.slug, name: row.group_name },
          },
          other:
            role === 'helper'
              ? { id: row.asker_id, displayName: row.asker_name }
              : { id: row.helper_id, displayName: row.helper_name },
          next,
          createdAt: new Date(row.created_at).toISOString(),
        };
      });
      return {
        active: items.filter((item) => item.next !== null),
        history: items.filter((item) => item.next === null),
        open: open.map((row) => ({
          post: {
            id: row.id,
            title: row.title,
            kind: row.kind,
            group: { slug: row.slug, name: row.group_name },
          },
          waiting: row.waiting,
          createdAt: new Date(row.created_at).toISOString(),
        })),
      };
    },
  );

  api.get(
    '/api/v1/matches/:id/messages',
    {
      schema: {
        tags,
        summary: "A match's private thread (asker, helper, and visibly the group's moderators)",
        params: ZId,
        response: { 200: ZMessageList, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const loaded = await loadMatch(deps, request.params.id, user);
      return { items: (await store.messagesOf(deps.db, loaded.match.id)).map(presentMessage) };
    },
  );

  api.post(
    '/api/v1/matches/:id/messages',
    {
      schema: {
        tags,
        summary: "Write in a match's thread; accepts Idempotency-Key",
        params: ZId,
        body: ZSendMessage,
        response: { 201: ZMessage, ...withReplay },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const loaded = await loadMatch(deps, request.params.id, user);
      return idempotent(deps, request, reply, user.id, async () => {
        const message = await sendMessage(deps, { loaded, user, body: request.body.body });
        return {
          status: 201,
          body: presentMessage({ message, authorName: user.displayName }),
        };
      });
    },
  );
}
