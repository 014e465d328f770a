import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZHelperProfile, ZHelperProfileInput } from '../../../common/matching.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../http/auth.ts';
import { forbidden, notFound } from '../../http/errors.ts';
import { problems, ZMemberParams, ZSlugParam } from '../../http/schemas.ts';
import { findMembership, loadGroup } from '../groups/groups.ts';
import * as groupPolicy from '../groups/policy.ts';
import { helperProfile, saveHelperProfile, setIdCheck } from './helper-profiles.ts';

const tags = ['matching'];

/** Helper profiles (what I can help with in a group) and moderators' ID checks. */
export async function helperRoutes(app: FastifyInstance, deps: Deps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/groups/:slug/helper-profile',
    {
      schema: {
        tags,
        summary: 'My helper profile in this group',
        params: ZSlugParam,
        response: { 200: ZHelperProfile, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { group, membership } = await loadGroup(deps, request.params.slug, user);
      if (!groupPolicy.isActive(membership)) throw notFound('group');
      return helperProfile(deps.db, group.id, user.id);
    },
  );

  api.put(
    '/api/v1/groups/:slug/helper-profile',
    {
      schema: {
        tags,
        summary: 'Say what I can help with in this group, how far I travel, when I am free',
        params: ZSlugParam,
        body: ZHelperProfileInput,
        response: { 200: ZHelperProfile, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { group, membership } = await loadGroup(deps, request.params.slug, user);
      await saveHelperProfile(deps.db, { group, membership, userId: user.id, input: request.body });
      return helperProfile(deps.db, group.id, user.id);
    },
  );

  api.get(
    '/api/v1/groups/:slug/helpers/:userId',
    {
      schema: {
        tags,
        summary: "A member's helper profile and ID check (moderators)",
        params: ZMemberParams,
        response: { 200: ZHelperProfile, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { group, membership } = await loadGroup(deps, request.params.slug, user);
      if (!groupPolicy.canModerate(membership)) {
        throw forbidden('not-moderator', "Only the group's moderators can see this.");
      }
      const target = await findMembership(deps, group.id, request.params.userId);
      if (target?.status !== 'active') throw notFound('member');
      return helperProfile(deps.db, group.id, request.params.userId);
    },
  );

  for (const method of ['PUT', 'DELETE'] as const) {
    api.route({
      method,
      url: '/api/v1/groups/:slug/members/:userId/id-check',
      schema: {
        tags,
        summary:
          method === 'PUT'
            ? "Record that you checked a member's ID (who and when; never the document)"
            : 'Withdraw an ID check',
        params: ZMemberParams,
        response: { 204: z.null(), ...problems },
      },
      handler: async (request, reply) => {
        const user = requireUser(request);
        const { group, membership } = await loadGroup(deps, request.params.slug, user);
        await setIdCheck(deps.db, {
          group,
          actor: membership,
          actorId: user.id,
          userId: request.params.userId,
          isChecked: method === 'PUT',
        });
        return reply.code(204).send(null);
      },
    });
  }
}
