import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZPin, ZPost, ZRemovePost } from '../../../common/posts.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../http/auth.ts';
import { problems, ZIdParam } from '../../http/schemas.ts';
import { loadPost } from '../posts/posts.ts';
import { presentOnePost } from '../posts/present-posts.ts';
import { pinPost, releasePost, removePost } from './actions.ts';

const tags = ['moderation'];

/** Moderators' actions on posts; each is written to the moderation log. */
export async function moderationRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/v1/posts/:id/pin',
    {
      schema: {
        tags,
        summary: 'Pin or unpin a post (moderators)',
        params: ZIdParam,
        body: ZPin,
        response: { 200: ZPost, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const loaded = await loadPost(deps, request.params.id, user);
      const post = await pinPost(deps, { loaded, user, isPinned: request.body.isPinned });
      return presentOnePost(deps, { ...loaded, post }, user.id);
    },
  );

  api.post(
    '/api/v1/posts/:id/release',
    {
      schema: {
        tags,
        summary: 'Let a held post be seen by everyone (moderators)',
        params: ZIdParam,
        response: { 200: ZPost, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const loaded = await loadPost(deps, request.params.id, user);
      const post = await releasePost(deps, { loaded, user });
      return presentOnePost(deps, { ...loaded, post }, user.id);
    },
  );

  api.post(
    '/api/v1/posts/:id/remove',
    {
      schema: {
        tags,
        summary: 'Remove any post, with a reason (moderators)',
        params: ZIdParam,
        body: ZRemovePost,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const loaded = await loadPost(deps, request.params.id, user);
      await removePost(deps, { loaded, user, reason: request.body.reason });
      return reply.code(204).send(null);
    },
  );
}
