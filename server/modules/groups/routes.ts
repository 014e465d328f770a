import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZCreateGroup, ZGroup, ZMyGroups, ZUpdateGroup } from '../../../common/groups.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../http/auth.ts';
import { createLimiter } from '../../http/rate-limit.ts';
import { problems, ZSlugParam } from '../../http/schemas.ts';
import type { User } from '../accounts/types.ts';
import { createGroup, loadGroup, presentGroupFor, updateGroupSettings } from './groups.ts';
import { approveListing, confirmListing, withdrawListing } from './listing.ts';
import { presentSummary } from './present.ts';
import { tags } from './schema.ts';
import * as store from './store.ts';
import type { Group } from './types.ts';

export async function groupRoutes(app: FastifyInstance, deps: Deps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Starting groups is rare for a person; a flood is a script.
  const createLimit = createLimiter(app, { name: 'group-create', max: 20, windowMs: 60 * 60_000 });

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
      return reply.code(201).send(await presentGroupFor(deps, group, membership, user));
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
      return presentGroupFor(deps, group, membership, request.user);
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
      return presentGroupFor(deps, updated, membership, user);
    },
  );

  const listingRoute = (
    method: 'post' | 'delete',
    url: string,
    summary: string,
    act: (group: Awaited<ReturnType<typeof loadGroup>>, user: User) => Promise<Group>,
  ) =>
    api[method](
      url,
      { schema: { tags, summary, params: ZSlugParam, response: { 200: ZGroup, ...problems } } },
      async (request) => {
        const user = requireUser(request);
        const loaded = await loadGroup(deps, request.params.slug, user);
        const updated = await act(loaded, user);
        return presentGroupFor(deps, updated, loaded.membership, user);
      },
    );
  listingRoute(
    'post',
    '/api/v1/groups/:slug/listing',
    'List the group in the public directory (admins; where this Kindred asks, an instance admin approves)',
    (loaded) => confirmListing(deps, loaded),
  );
  listingRoute(
    'delete',
    '/api/v1/groups/:slug/listing',
    'Take the group out of the public directory (admins)',
    (loaded) => withdrawListing(deps, loaded),
  );
  listingRoute(
    'post',
    '/api/v1/groups/:slug/listing/approve',
    'Approve a group waiting to be listed (instance administrators)',
    (loaded, user) => approveListing(deps, { group: loaded.group, user }),
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
}
