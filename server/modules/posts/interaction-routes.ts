import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZComment,
  ZCommentList,
  ZCreateComment,
  ZPost,
  ZReaction,
  ZReactionList,
  ZVote,
} from '../../../common/posts.ts';
import { ZProblem } from '../../../common/problem.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../http/auth.ts';
import { idempotent } from '../../http/idempotency.ts';
import { createLimiter } from '../../http/rate-limit.ts';
import { problems, ZIdParam as ZPostParams } from '../../http/schemas.ts';
import { addComment, listComments, react, vote, whoReacted } from './interactions.ts';
import { loadPost, readPost } from './posts.ts';
import { presentComment } from './present.ts';
import { presentPosts } from './present-posts.ts';

const tags = ['posts'];

export async function interactionRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const commentLimit = createLimiter(app, { name: 'comment', max: 300, windowMs: 60 * 60_000 });

  api.get(
    '/api/v1/posts/:id/comments',
    {
      schema: {
        tags,
        summary: "A post's comments, oldest first, with one level of replies (members)",
        params: ZPostParams,
        response: { 200: ZCommentList, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const loaded = await readPost(deps, request.params.id, user);
      const rows = await listComments(deps, loaded);
      const names = new Map(rows.map((row) => [row.authorId, row.displayName]));
      return { items: rows.map((row) => presentComment(row, names)) };
    },
  );

  api.post(
    '/api/v1/posts/:id/comments',
    {
      schema: {
        tags,
        summary: 'Comment on a post, or reply to a comment (members); accepts Idempotency-Key',
        params: ZPostParams,
        body: ZCreateComment,
        response: { 201: ZComment, ...problems, 422: ZProblem },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const loaded = await loadPost(deps, request.params.id, user);
      return idempotent(deps, request, reply, user.id, async () => {
        await commentLimit(request, user.id);
        const row = await addComment(deps, { loaded, user, ...request.body });
        return {
          status: 201,
          body: presentComment(row, new Map([[user.id, user.displayName]])),
        };
      });
    },
  );

  for (const method of ['PUT', 'DELETE'] as const) {
    api.route({
      method,
      url: '/api/v1/posts/:id/reactions/:kind',
      schema: {
        tags,
        summary: method === 'PUT' ? 'React to a post (members)' : 'Take your reaction back',
        params: ZPostParams.extend({ kind: ZReaction }),
        response: { 204: z.null(), ...problems },
      },
      handler: async (request, reply) => {
        const user = requireUser(request);
        const loaded = await loadPost(deps, request.params.id, user);
        await react(deps, { loaded, user, kind: request.params.kind, isOn: method === 'PUT' });
        return reply.code(204).send(null);
      },
    });
  }

  api.get(
    '/api/v1/posts/:id/reactions',
    {
      schema: {
        tags,
        summary: 'Who reacted, by reaction (members)',
        params: ZPostParams,
        response: { 200: ZReactionList, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const loaded = await readPost(deps, request.params.id, user);
      const rows = await whoReacted(deps, loaded);
      const byKind = new Map<string, Array<{ id: string; displayName: string }>>();
      for (const row of rows) {
        byKind.set(row.kind, [
          ...(byKind.get(row.kind) ?? []),
          { id: row.id, displayName: row.displayName },
        ]);
      }
      return {
        items: [...byKind].map(([kind, people]) => ({
          kind: kind as z.infer<typeof ZReaction>,
          people,
        })),
      };
    },
  );

  api.post(
    '/api/v1/posts/:id/vote',
    {
      schema: {
        tags,
        summary: "Vote in a question's poll: once per member; results show after voting",
        params: ZPostParams,
        body: ZVote,
        response: { 200: ZPost, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const loaded = await loadPost(deps, request.params.id, user);
      await vote(deps, { loaded, user, optionId: request.body.optionId });
      const [post] = await presentPosts(deps, {
        rows: [{ post: loaded.post, distanceKm: null }],
        group: loaded.group,
        membership: loaded.membership,
        viewerId: user.id,
      });
      return post!;
    },
  );
}
