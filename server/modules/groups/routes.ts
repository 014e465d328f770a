import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZChangeRole,
  ZCreatedInvite,
  ZCreateGroup,
  ZCreateInvite,
  ZDecision,
  ZGroup,
  ZInviteList,
  ZInvitePreview,
  ZInviteToken,
  ZJoin,
  ZJoinResult,
  ZLeave,
  ZMember,
  ZMemberPage,
  ZMemberQuery,
  ZMyGroups,
  ZUpdateGroup,
} from '../../../common/groups.ts';
import { ZProblem } from '../../../common/problem.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../http/auth.ts';
import { badRequest, forbidden, notFound } from '../../http/errors.ts';
import { createLimiter } from '../../http/rate-limit.ts';
import { createGroup, loadGroup, updateGroupSettings, viewGroup } from './groups.ts';
import {
  acceptInvite,
  createInvite,
  listGroupInvites,
  previewInvite,
  revokeGroupInvite,
} from './invites.ts';
import { changeRole, decideRequest, joinGroup, leaveGroup, removeOrBan } from './membership.ts';
import * as policy from './policy.ts';
import { presentGroup, presentMember, presentSummary } from './present.ts';
import type { Group, Membership } from './store.ts';
import * as store from './store.ts';

const problems = {
  400: ZProblem,
  401: ZProblem,
  403: ZProblem,
  404: ZProblem,
  409: ZProblem,
  429: ZProblem,
};
const ZSlugParam = z.object({ slug: z.string().max(100) });
const ZMemberParams = ZSlugParam.extend({ userId: z.uuid() });
const tags = ['groups'];

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

export async function groupRoutes(app: FastifyInstance, deps: Deps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Starting groups and making invite links are rare for a person; a flood is a script.
  const createLimit = createLimiter(app, { name: 'group-create', max: 20, windowMs: 60 * 60_000 });
  const inviteLimit = createLimiter(app, {
    name: 'invite-create',
    max: 100,
    windowMs: 60 * 60_000,
  });

  async function present(group: Group, membership: Membership | undefined, userId: string | null) {
    const view = await viewGroup(deps, {
      group,
      membership,
      user: userId ? { id: userId } : null,
    });
    return presentGroup({ group, membership, config: deps.config, ...view });
  }

  api.post(
    '/api/v1/groups',
    {
      schema: {
        tags,
        summary: 'Start a group, network or pod from a template',
        body: ZCreateGroup,
        response: { 201: ZGroup, ...problems },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      await createLimit(request, user.id);
      const group = await createGroup(deps, { user, input: request.body });
      const membership = await store.findMembership(deps.db, group.id, user.id);
      return reply.code(201).send(await present(group, membership, user.id));
    },
  );

  api.get(
    '/api/v1/groups/:slug',
    {
      schema: {
        tags,
        summary: 'A group: public fields for anyone who may know of it, more for members',
        params: ZSlugParam,
        response: { 200: ZGroup, ...problems },
      },
    },
    async (request) => {
      const { group, membership } = await loadGroup(deps, request.params.slug, request.user);
      return present(group, membership, request.user?.id ?? null);
    },
  );

  api.patch(
    '/api/v1/groups/:slug',
    {
      schema: {
        tags,
        summary: "Change a group's settings (admins)",
        params: ZSlugParam,
        body: ZUpdateGroup,
        response: { 200: ZGroup, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { group, membership } = await loadGroup(deps, request.params.slug, user);
      const updated = await updateGroupSettings(deps, { group, membership, changes: request.body });
      return present(updated, membership, user.id);
    },
  );

  api.get(
    '/api/v1/me/groups',
    {
      schema: {
        tags,
        summary: 'The groups I belong to or have asked to join',
        response: { 200: ZMyGroups, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const rows = await store.groupsOf(deps.db, user.id);
      return {
        items: rows.map(({ group, membership }) => ({
          ...presentSummary(group, deps.config),
          myMembership: {
            status: membership.status as 'active' | 'pending',
            role: membership.role,
          },
        })),
      };
    },
  );

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
      const { status, q, limit, cursor } = request.query;
      if (status !== 'active' && !isModerator) {
        throw forbidden('not-moderator', "Only the group's moderators can see this list.");
      }
      const rows = await store.listMembers(deps.db, {
        groupId: group.id,
        status,
        q,
        limit: limit + 1,
        after: decodeMemberCursor(cursor),
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((row) => presentMember(row, isModerator)),
        nextCursor:
          rows.length > limit && last
            ? encodeCursor([last.displayName.toLowerCase(), last.userId])
            : null,
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
      return present(group, membership, user.id);
    },
  );
}
