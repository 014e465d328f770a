import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZChangeRole,
  ZDecision,
  ZJoin,
  ZJoinResult,
  ZLeave,
  ZMember,
  ZMemberPage,
  ZMemberQuery,
} from '../../../common/groups.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../http/auth.ts';
import { badRequest, forbidden, notFound } from '../../http/errors.ts';
import { problems, ZMemberParams, ZSlugParam } from '../../http/schemas.ts';
import { loadGroup } from './groups.ts';
import { changeRole, decideRequest, joinGroup, leaveGroup, removeOrBan } from './membership.ts';
import * as policy from './policy.ts';
import { presentMember } from './present.ts';
import { tags } from './schema.ts';
import * as store from './store.ts';

const encodeCursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
function decodeMemberCursor(cursor: string | undefined) {
  if (!cursor) return undefined;
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
    if (typeof name === 'string' && typeof id === 'string') return { name, id };
  } catch {}
  throw badRequest('invalid-cursor', 'That page link is not valid.', [
    { field: 'cursor', code: 'invalid', message: 'Start again from the first page.' },
  ]);
}

/** Joining, leaving, the member list, and what moderators and admins do to members. */
export async function memberRoutes(app: FastifyInstance, deps: Deps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/v1/groups/:slug/join',
    {
      schema: {
        tags,
        summary: 'Join a group, or ask to',
        params: ZSlugParam,
        body: ZJoin,
        response: { 200: ZJoinResult, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { group, membership } = await loadGroup(deps, request.params.slug, user);
      const joined = await joinGroup(deps, {
        group,
        membership,
        user,
        answers: request.body.answers,
      });
      return { myMembership: { status: joined.status as 'active' | 'pending', role: joined.role } };
    },
  );

  api.post(
    '/api/v1/groups/:slug/leave',
    {
      schema: {
        tags,
        summary: 'Leave a group, or withdraw a request to join',
        params: ZSlugParam,
        body: ZLeave,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { group } = await loadGroup(deps, request.params.slug, user);
      await leaveGroup(deps, { group, user, newAdminId: request.body.newAdminId });
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/api/v1/groups/:slug/members',
    {
      schema: {
        tags,
        summary: 'Members by name; moderators also see requests, bans, answers and dates',
        params: ZSlugParam,
        querystring: ZMemberQuery,
        response: { 200: ZMemberPage, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { group, membership } = await loadGroup(deps, request.params.slug, user);
      if (!policy.canSeeMembers(membership)) {
        throw forbidden('members-only', 'Only members can see who is in this group.');
      }
      const isModerator = policy.canModerate(membership);
      const { status, q, role, idChecked, limit, cursor } = request.query;
      if (status !== 'active' && !isModerator) {
        throw forbidden('not-moderator', "Only the group's moderators can see this list.");
      }
      const [rows, counts] = await Promise.all([
        store.listMembers(deps.db, {
          groupId: group.id,
          status,
          q,
          role,
          // Who is ID-checked is for moderators to know.
          idChecked: isModerator ? idChecked : undefined,
          limit: limit + 1,
          after: decodeMemberCursor(cursor),
        }),
        isModerator ? store.memberCounts(deps.db, group.id) : undefined,
      ]);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((row) => presentMember(row, isModerator)),
        nextCursor:
          rows.length > limit && last
            ? encodeCursor([last.displayName.toLowerCase(), last.userId])
            : null,
        ...(counts ? { counts } : {}),
      };
    },
  );

  for (const decision of ['approved', 'declined'] as const) {
    api.post(
      `/api/v1/groups/:slug/members/:userId/${decision === 'approved' ? 'approve' : 'decline'}`,
      {
        schema: {
          tags,
          summary: `${decision === 'approved' ? 'Approve' : 'Decline'} a request to join (moderators)`,
          params: ZMemberParams,
          body: ZDecision,
          response: { 204: z.null(), ...problems },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const { group, membership } = await loadGroup(deps, request.params.slug, user);
        await decideRequest(deps, {
          group,
          actor: membership,
          actorId: user.id,
          userId: request.params.userId,
          decision,
          message: request.body.message,
        });
        return reply.code(204).send(null);
      },
    );
  }

  api.post(
    '/api/v1/groups/:slug/members/:userId/ban',
    {
      schema: {
        tags,
        summary: 'Ban someone: they cannot rejoin or see inside (moderators)',
        params: ZMemberParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { group, membership } = await loadGroup(deps, request.params.slug, user);
      await removeOrBan(deps, {
        group,
        actor: membership,
        actorId: user.id,
        userId: request.params.userId,
        action: 'ban',
      });
      return reply.code(204).send(null);
    },
  );

  api.delete(
    '/api/v1/groups/:slug/members/:userId',
    {
      schema: {
        tags,
        summary: 'Remove a member, or lift a ban (moderators)',
        params: ZMemberParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { group, membership } = await loadGroup(deps, request.params.slug, user);
      await removeOrBan(deps, {
        group,
        actor: membership,
        actorId: user.id,
        userId: request.params.userId,
        action: 'remove',
      });
      return reply.code(204).send(null);
    },
  );

  api.patch(
    '/api/v1/groups/:slug/members/:userId',
    {
      schema: {
        tags,
        summary: "Change a member's role (admins)",
        params: ZMemberParams,
        body: ZChangeRole,
        response: { 200: ZMember, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { group, membership } = await loadGroup(deps, request.params.slug, user);
      const changed = await changeRole(deps, {
        group,
        actor: membership,
        userId: request.params.userId,
        role: request.body.role,
      });
      const row = await store.findMemberRow(deps.db, group.id, changed.userId);
      if (!row) throw notFound('member');
      return presentMember(row, true);
    },
  );
}
