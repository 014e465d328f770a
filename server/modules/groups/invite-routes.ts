import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZCreatedInvite,
  ZCreateInvite,
  ZGroup,
  ZInviteList,
  ZInvitePreview,
  ZInviteToken,
} from '../../../common/groups.ts';
import { ZProblem } from '../../../common/problem.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../http/auth.ts';
import { createLimiter } from '../../http/rate-limit.ts';
import { problems, ZSlugParam } from '../../http/schemas.ts';
import { loadGroup, presentGroupFor } from './groups.ts';
import {
  acceptInvite,
  createInvite,
  listGroupInvites,
  previewInvite,
  revokeGroupInvite,
} from './invites.ts';
import { tags } from './schema.ts';

/** Invite links: made and revoked by moderators, previewed and accepted by their holders. */
export async function inviteRoutes(app: FastifyInstance, deps: Deps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const inviteLimit = createLimiter(app, {
    name: 'invite-create',
    max: 100,
    windowMs: 60 * 60_000,
  });

  api.get(
    '/api/v1/groups/:slug/invites',
    {
      schema: {
        tags,
        summary: "A group's invite links (moderators)",
        params: ZSlugParam,
        response: { 200: ZInviteList, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { group, membership } = await loadGroup(deps, request.params.slug, user);
      return { items: await listGroupInvites(deps, { group, membership }) };
    },
  );

  api.post(
    '/api/v1/groups/:slug/invites',
    {
      schema: {
        tags,
        summary: 'Make an invite link with an expiry and a maximum number of uses (moderators)',
        params: ZSlugParam,
        body: ZCreateInvite,
        response: { 201: ZCreatedInvite, ...problems },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      await inviteLimit(request, user.id);
      const { group, membership } = await loadGroup(deps, request.params.slug, user);
      const invite = await createInvite(deps, { group, membership, user, ...request.body });
      return reply.code(201).send(invite);
    },
  );

  api.delete(
    '/api/v1/groups/:slug/invites/:inviteId',
    {
      schema: {
        tags,
        summary: 'Stop an invite link working (moderators)',
        params: ZSlugParam.extend({ inviteId: z.uuid() }),
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { group, membership } = await loadGroup(deps, request.params.slug, user);
      await revokeGroupInvite(deps, { group, membership, inviteId: request.params.inviteId });
      return reply.code(204).send(null);
    },
  );

  // Invite tokens travel in request bodies, never in a URL a log could keep.
  api.post(
    '/api/v1/invites/preview',
    {
      schema: {
        tags,
        summary: 'The group an invite link leads to',
        body: ZInviteToken,
        response: { 200: ZInvitePreview, 410: ZProblem, ...problems },
      },
    },
    async (request) => {
      const { invite, group, membership } = await previewInvite(deps, {
        token: request.body.token,
        user: request.user,
      });
      return {
        group: {
          slug: group.slug,
          name: group.name,
          kind: group.kind,
          description: group.description,
          locationName: group.locationName,
        },
        expiresAt: invite.expiresAt.toISOString(),
        myMembership:
          membership && membership.status !== 'banned'
            ? { status: membership.status, role: membership.role }
            : null,
      };
    },
  );

  api.post(
    '/api/v1/invites/accept',
    {
      schema: {
        tags,
        summary: 'Join the group an invite link leads to',
        body: ZInviteToken,
        response: { 200: ZGroup, 410: ZProblem, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { group, membership } = await acceptInvite(deps, { token: request.body.token, user });
      return presentGroupFor(deps, group, membership, user);
    },
  );
}
