import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZClosePost,
  ZCreatePost,
  ZFeedPage,
  ZFeedQuery,
  ZNearQuery,
  ZPost,
  ZPrivateRecord,
  ZUpdatePost,
} from '../../../common/posts.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../http/auth.ts';
import { badRequest, forbidden } from '../../http/errors.ts';
import { idempotent } from '../../http/idempotency.ts';
import { codingFor, sendJson, sendPacked, sendShared } from '../../http/json.ts';
import { problems, withReplay, ZIdParam, ZSlugParam } from '../../http/schemas.ts';
import { loadGroup, readGroup } from '../groups/groups.ts';
import * as groupPolicy from '../groups/policy.ts';
import { nearMe, openAsks } from './feed.ts';
import { type FeedPage, feedPage } from './feed-page.ts';
import { plainList } from './plain-list.ts';
import {
  closePost,
  createPost,
  deletePost,
  editPost,
  loadOwnPost,
  readPost,
  renewAsk,
} from './posts.ts';
import { presentPrivate } from './present.ts';
import { presentNewPost, presentOnePost, presentPostPage, presentPosts } from './present-posts.ts';
import { readPrivateRecord } from './private-record.ts';

const tags = ['posts'];

/** Sends a feed page as `feedPage` made it. */
function sendFeedPage(request: FastifyRequest, reply: FastifyReply, page: FeedPage) {
  if ('shared' in page) return sendShared(request, reply, page.shared);
  if ('packed' in page) return sendPacked(reply, page.coding, page.packed);
  if ('json' in page) return sendJson(reply, page.json);
  return page.page;
}

/** A group's members see inside it; in a public group, everyone but the banned. */
function requireInside(found: Parameters<typeof groupPolicy.canSeeInside>) {
  if (!groupPolicy.canSeeInside(...found)) {
    throw forbidden('members-only', 'Only members can see what is posted in this group.');
  }
}

export async function postRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/v1/groups/:slug/posts',
    {
      schema: {
        tags,
        summary: 'Post an ask, offer, info or question (members); accepts Idempotency-Key',
        params: ZSlugParam,
        body: ZCreatePost,
        response: { 201: ZPost, ...withReplay },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { group, membership } = await loadGroup(deps, request.params.slug, user);
      return idempotent(deps, request, reply, user.id, async () => {
        const post = await createPost(deps, { group, membership, user, input: request.body });
        const body = await presentNewPost(deps, {
          post,
          group,
          membership,
          user,
          input: request.body,
        });
        return { status: 201, body };
      });
    },
  );

  api.get(
    '/api/v1/groups/:slug/posts',
    {
      schema: {
        tags,
        summary: 'The group feed: pinned first, then newest, with filters and search',
        params: ZSlugParam,
        querystring: ZFeedQuery,
        response: { 200: ZFeedPage, ...problems },
      },
    },
    async (request, reply) => {
      const { group, membership } = await readGroup(deps, request.params.slug, request.user);
      requireInside([group, membership]);
      if (request.query.within !== undefined && !request.query.near) {
        throw badRequest('near-needed', 'Say where "within" is measured from.', [
          { field: 'near', code: 'required', message: 'Give "near" with "within".' },
        ]);
      }
      const page = await feedPage(deps, {
        group,
        membership,
        viewerId: request.user?.id ?? null,
        query: request.query,
        coding: codingFor(request),
      });
      return sendFeedPage(request, reply, page);
    },
  );

  api.get(
    '/api/v1/groups/:slug/posts.txt',
    {
      schema: {
        tags,
        summary:
          "A plain-text list of the group's open asks, to paste into a chat (no private details)",
        params: ZSlugParam,
        querystring: z.object({ locale: z.string().max(10).optional() }),
        response: { ...problems },
      },
    },
    async (request, reply) => {
      const { group, membership } = await readGroup(deps, request.params.slug, request.user);
      requireInside([group, membership]);
      const text = plainList({
        groupName: group.name,
        asks: await openAsks(deps.db, group.id),
        origin: deps.config.publicUrl.origin,
        locale: request.query.locale ?? request.user?.locale ?? 'en',
      });
      return reply.type('text/plain; charset=utf-8').send(text as never);
    },
  );

  api.get(
    '/api/v1/posts/near',
    {
      schema: {
        tags,
        summary: 'Open asks and offers near a point, across all my groups',
        querystring: ZNearQuery,
        response: { 200: ZFeedPage, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { near, within, kind, limit } = request.query;
      if (!near) {
        throw badRequest('near-needed', 'Say where to look from.', [
          { field: 'near', code: 'required', message: 'Give "near" as latitude,longitude.' },
        ]);
      }
      const rows = await nearMe(deps.db, {
        userId: user.id,
        near,
        withinKm: within ?? 5,
        kind,
        limit,
      });
      return { items: await presentPosts(deps, { rows, viewerId: user.id }), nextCursor: null };
    },
  );

  api.get(
    '/api/v1/posts/:id',
    {
      schema: {
        tags,
        summary: 'A post',
        params: ZIdParam,
        response: { 200: ZPost, ...problems },
      },
    },
    async (request) => {
      const loaded = await readPost(deps, request.params.id, request.user);
      return presentPostPage(deps, loaded, request.user?.id ?? null);
    },
  );

  api.patch(
    '/api/v1/posts/:id',
    {
      schema: {
        tags,
        summary: 'Edit your own post',
        params: ZIdParam,
        body: ZUpdatePost,
        response: { 200: ZPost, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const loaded = await loadOwnPost(deps, request.params.id, user);
      const post = await editPost(deps, { loaded, changes: request.body });
      return presentOnePost(deps, { ...loaded, post }, user.id);
    },
  );

  api.delete(
    '/api/v1/posts/:id',
    {
      schema: {
        tags,
        summary: 'Delete your own post',
        params: ZIdParam,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const loaded = await loadOwnPost(deps, request.params.id, user);
      await deletePost(deps, { loaded });
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/api/v1/posts/:id/close',
    {
      schema: {
        tags,
        summary: 'Close your post: fulfilled, or no longer needed (its live match ends)',
        params: ZIdParam,
        body: ZClosePost,
        response: { 200: ZPost, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const loaded = await loadOwnPost(deps, request.params.id, user);
      const post = await closePost(deps, { loaded, reason: request.body.reason });
      return presentOnePost(deps, { ...loaded, post }, user.id);
    },
  );

  api.post(
    '/api/v1/posts/:id/renew',
    {
      schema: {
        tags,
        summary: 'Keep your ask open for another expiry period',
        params: ZIdParam,
        response: { 200: ZPost, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const loaded = await loadOwnPost(deps, request.params.id, user);
      const post = await renewAsk(deps, { loaded });
      return presentOnePost(deps, { ...loaded, post }, user.id);
    },
  );

  api.get(
    '/api/v1/posts/:id/private',
    {
      schema: {
        tags,
        summary:
          "An ask's private record: 404 unless you are its asker, a moderator of its group, or its matched helper",
        description:
          'SAFETY 1 and 3: everyone else gets the same 404 as for a post that does not exist. Every read by someone other than the asker is audited.',
        params: ZIdParam,
        response: { 200: ZPrivateRecord, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return presentPrivate(await readPrivateRecord(deps, { postId: request.params.id, user }));
    },
  );
}
