import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZClosePost,
  ZCreatePost,
  ZFeedPage,
  ZFeedQuery,
  ZNearQuery,
  ZPin,
  ZPost,
  ZPrivateRecord,
  ZRemovePost,
  ZUpdatePost,
} from '../../../common/posts.ts';
import { ZProblem } from '../../../common/problem.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../http/auth.ts';
import { badRequest, forbidden, notFound } from '../../http/errors.ts';
import { idempotent } from '../../http/idempotency.ts';
import {
  type Coding,
  codingFor,
  packJson,
  sendJson,
  sendPacked,
  sendShared,
  sharedBody,
} from '../../http/json.ts';
import { loadGroup, readGroup } from '../groups/groups.ts';
import * as groupPolicy from '../groups/policy.ts';
import { problems, ZSlugParam } from '../groups/schema.ts';
import { helperMayReadPrivate } from '../matching/policy.ts';
import { liveMatchOn } from '../matching/store.ts';
import { notify } from '../notifications/notify.ts';
import { decodeCursor, encodeCursor, groupFeed, nearMe, openAsks } from './feed.ts';
import { plainList } from './plain-list.ts';
import * as policy from './policy.ts';
import {
  closePost,
  createPost,
  editPost,
  loadForModeration,
  loadOwnPost,
  loadPost,
  readPost,
  renewAsk,
} from './posts.ts';
import { presentPrivate } from './present.ts';
import { presentPosts } from './show.ts';
import * as store from './store.ts';

const tags = ['posts'];
export const ZPostParams = z.object({ id: z.uuid() });
const withReplay = { ...problems, 422: ZProblem };

/** A feed page's JSON from its posts' (each already checked and serialised with `ZPost`). */
const feedJson = (posts: string[], nextCursor: string | null) =>
  `{"items":[${posts.join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`;

/** Feed pages loaded so far here: numbers each cached copy of a page. */
let pagesLoaded = 0;

export async function postRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  const showOne = async (loaded: Awaited<ReturnType<typeof loadPost>>, viewerId: string | null) => {
    const [post] = await presentPosts(deps, {
      rows: [{ post: loaded.post, distanceKm: null }],
      group: loaded.group,
      membership: loaded.membership,
      viewerId,
    });
    return post!;
  };

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
        const input = request.body;
        const post = await createPost(deps, { group, membership, user, input });
        const loaded = { post, group, membership };
        // A poll's options need their new ids read back; anything else is all known: a new
        // post has no comments, reactions, responses, match or photos yet.
        if (post.kind === 'question' && input.kind === 'question' && input.poll?.length) {
          return { status: 201, body: await showOne(loaded, user.id) };
        }
        const fresh: store.PostExtras = {
          ...store.NO_EXTRAS,
          authorName: user.displayName,
          hasPrivate: post.kind === 'ask' && Boolean(input.private || input.onBehalfOf),
        };
        const [shown] = await presentPosts(deps, {
          rows: [{ post, distanceKm: null }],
          group,
          membership,
          viewerId: user.id,
          extras: new Map([[post.id, fresh]]),
        });
        return { status: 201, body: shown! };
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
      if (!groupPolicy.canSeeInside(group, membership)) {
        throw forbidden('members-only', 'Only members can see what is posted in this group.');
      }
      const query = request.query;
      if (query.within !== undefined && !query.near) {
        throw badRequest('near-needed', 'Say where "within" is measured from.', [
          { field: 'near', code: 'required', message: 'Give "near" with "within".' },
        ]);
      }
      const viewerId = request.user?.id ?? null;
      const isModerator = groupPolicy.canModerate(membership);
      const after = decodeCursor(query.cursor);
      const load = async (forViewer: string | null) => {
        const rows = await groupFeed(deps.db, {
          groupId: group.id,
          viewerId: forViewer,
          isModerator,
          filters: {
            kind: query.kind,
            category: query.category,
            status: query.status,
            near: query.near,
            withinKm: query.within,
            isUnanswered: query.unanswered,
            q: query.q,
          },
          limit: query.limit + 1,
          after,
        });
        const ids = rows.slice(0, query.limit).map((row) => row.post.id);
        return { rows, extras: await store.postExtras(deps.pool, ids, forViewer) };
      };
      const pageOf = (rows: Awaited<ReturnType<typeof groupFeed>>) => ({
        page: rows.slice(0, query.limit),
        nextCursor: rows.length > query.limit ? encodeCursor(rows[query.limit - 1]!.cursor) : null,
      });
      // The page as everyone with this role sees it is cached for the group: posts, counts,
      // and each post presented and serialised once (the whole page compressed too). A reader
      // with a part in some posts (theirs, or their reaction, vote, response or match) gets those
      // posts presented for them, the others as cached. Held posts are the one thing a list for
      // everyone lacks: a reader with one of their own waiting gets a page of their own.
      const whole = policy.canReadWhole(membership);
      const view = !whole ? 'summary' : isModerator ? 'moderator' : 'member';
      const shared = await deps.cache.get(
        group.id,
        `feed ${view} ${JSON.stringify(query)}`,
        async () => {
          const { rows, extras } = await load(null);
          const { page, nextCursor } = pageOf(rows);
          const items = await presentPosts(deps, {
            rows: page,
            group,
            membership,
            viewerId: null,
            extras,
          });
          const posts = items.map((item) => JSON.stringify(ZPost.encode(item)));
          const body = sharedBody(feedJson(posts, nextCursor));
          return { rows, extras, posts, body, serial: ++pagesLoaded };
        },
      );
      // The reader's own part in this very page, and their compressed copy of the page once
      // made, kept for them until they or the group change.
      let kept:
        | { mine: store.Mine; packed: Partial<Record<Coding, Promise<Buffer | string>>> }
        | undefined;
      if (viewerId && whole) {
        const ids = [...shared.extras.keys()];
        // Kept for this very copy of the page: a copy loaded later (a change came in between)
        // may hold other posts.
        kept = await deps.access.keep(group.id, `mine ${shared.serial}`, viewerId, async () => ({
          mine: await store.viewerMine(deps.pool, ids, viewerId, isModerator ? null : group.id),
          packed: {},
        }));
      }
      const mine = kept?.mine ?? store.NO_MINE;
      if (mine.hasHeld) {
        const { rows, extras } = await load(viewerId);
        const { page, nextCursor } = pageOf(rows);
        return {
          items: await presentPosts(deps, { rows: page, group, membership, viewerId, extras }),
          nextCursor,
        };
      }
      const { page, nextCursor } = pageOf(shared.rows);
      const hasPart = page.map(({ post }) =>
        store.hasPart(post, shared.extras.get(post.id), mine, viewerId),
      );
      if (!hasPart.includes(true)) return sendShared(request, reply, shared.body);
      const ownPage = async () => {
        const own = await presentPosts(deps, {
          rows: page.filter((_, i) => hasPart[i]),
          group,
          membership,
          viewerId,
          extras: store.withMine(shared.extras, mine),
        });
        const posts = shared.posts.map((cached, i) =>
          hasPart[i] ? JSON.stringify(ZPost.encode(own.shift()!)) : cached,
        );
        return feedJson(posts, nextCursor);
      };
      // A page with a part of the reader's in it is theirs. Compressed, like the shared one (an
      // asker or helper on a phone should not download eight times as much for taking part),
      // once, by one request (the others wait for it): the copy is kept with their part, so
      // reading it again presents nothing.
      const coding = codingFor(request);
      if (coding && kept) {
        let packing = kept.packed[coding];
        if (!packing) {
          const entry = kept;
          // Kept as it is when too small to be worth compressing.
          packing = ownPage()
            .then((json) => packJson(json, coding) ?? json)
            .catch((error: unknown) => {
              delete entry.packed[coding];
              throw error;
            });
          entry.packed[coding] = packing;
        }
        const body = await packing;
        return typeof body === 'string' ? sendJson(reply, body) : sendPacked(reply, coding, body);
      }
      return sendJson(reply, await ownPage());
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
      if (!groupPolicy.canSeeInside(group, membership)) {
        throw forbidden('members-only', 'Only members can see what is posted in this group.');
      }
      const asks = await openAsks(deps.db, group.id);
      const text = plainList({
        groupName: group.name,
        asks,
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
      return {
        items: await presentPosts(deps, { rows, viewerId: user.id }),
        nextCursor: null,
      };
    },
  );

  api.get(
    '/api/v1/posts/:id',
    {
      schema: {
        tags,
        summary: 'A post',
        params: ZPostParams,
        response: { 200: ZPost, ...problems },
      },
    },
    async (request) => {
      const loaded = await readPost(deps, request.params.id, request.user);
      const viewerId = request.user?.id ?? null;
      // The post and who may see it are decided on every request, from what is kept until the
      // group or the reader changes (readPost); its counts, reactions, poll and photos are kept
      // for the group, with the reader's own laid over.
      let extras = await deps.cache.get(loaded.group.id, `extras ${loaded.post.id}`, () =>
        store.postExtras(deps.pool, [loaded.post.id], null),
      );
      if (viewerId && policy.canReadWhole(loaded.membership)) {
        extras = store.withMine(extras, {
          hasHeld: false,
          byPost: new Map([[loaded.post.id, loaded.mine ?? []]]),
        });
      }
      const [post] = await presentPosts(deps, {
        rows: [{ post: loaded.post, distanceKm: null }],
        group: loaded.group,
        membership: loaded.membership,
        viewerId,
        extras,
      });
      return post!;
    },
  );

  api.patch(
    '/api/v1/posts/:id',
    {
      schema: {
        tags,
        summary: 'Edit your own post',
        params: ZPostParams,
        body: ZUpdatePost,
        response: { 200: ZPost, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const loaded = await loadOwnPost(deps, request.params.id, user);
      const post = await editPost(deps, { loaded, changes: request.body });
      return showOne({ ...loaded, post }, user.id);
    },
  );

  api.delete(
    '/api/v1/posts/:id',
    {
      schema: {
        tags,
        summary: 'Delete your own post',
        params: ZPostParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const loaded = await loadOwnPost(deps, request.params.id, user);
      await store.deletePost(deps.db, loaded.post.id);
      // Its photos go with it, files included.
      await fs.rm(path.join(deps.config.uploadsDir, loaded.post.id), {
        recursive: true,
        force: true,
      });
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/api/v1/posts/:id/close',
    {
      schema: {
        tags,
        summary: 'Close your post: fulfilled, or no longer needed',
        params: ZPostParams,
        body: ZClosePost,
        response: { 200: ZPost, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const loaded = await loadOwnPost(deps, request.params.id, user);
      const post = await closePost(deps, { loaded, reason: request.body.reason });
      return showOne({ ...loaded, post }, user.id);
    },
  );

  api.post(
    '/api/v1/posts/:id/renew',
    {
      schema: {
        tags,
        summary: 'Keep your ask open for another expiry period',
        params: ZPostParams,
        response: { 200: ZPost, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const loaded = await loadOwnPost(deps, request.params.id, user);
      const post = await renewAsk(deps, { loaded });
      return showOne({ ...loaded, post }, user.id);
    },
  );

  api.post(
    '/api/v1/posts/:id/pin',
    {
      schema: {
        tags,
        summary: 'Pin or unpin a post (moderators)',
        params: ZPostParams,
        body: ZPin,
        response: { 200: ZPost, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const loaded = await loadForModeration(deps, request.params.id, user);
      const post = await store.updatePost(deps.db, loaded.post.id, {
        isPinned: request.body.isPinned,
      });
      return showOne({ ...loaded, post }, user.id);
    },
  );

  api.post(
    '/api/v1/posts/:id/release',
    {
      schema: {
        tags,
        summary: 'Let a held post be seen by everyone (moderators)',
        params: ZPostParams,
        response: { 200: ZPost, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const loaded = await loadForModeration(deps, request.params.id, user);
      const post = await store.updatePost(deps.db, loaded.post.id, { isHeld: false });
      return showOne({ ...loaded, post }, user.id);
    },
  );

  api.post(
    '/api/v1/posts/:id/remove',
    {
      schema: {
        tags,
        summary: 'Remove any post, with a reason (moderators)',
        params: ZPostParams,
        body: ZRemovePost,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const loaded = await loadForModeration(deps, request.params.id, user);
      await store.updatePost(deps.db, loaded.post.id, {
        removedAt: new Date(),
        removedBy: user.id,
        removalReason: request.body.reason,
      });
      // Its author is told that a moderator removed it.
      await notify(deps.db, {
        userIds: [loaded.post.authorId],
        kind: 'removed',
        actorId: user.id,
        postId: loaded.post.id,
      });
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/api/v1/posts/:id/private',
    {
      schema: {
        tags,
        summary:
          "An ask's private record: 404 unless you are the asker or a moderator of its group",
        description:
          'SAFETY 1: everyone else gets the same 404 as for a post that does not exist. Every read by someone other than the asker is audited.',
        params: ZPostParams,
        response: { 200: ZPrivateRecord, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const loaded = await loadPost(deps, request.params.id, user).catch(() => {
        throw notFound('post');
      });
      // The asker, the group's moderators, and the helper of a live match (SAFETY 1 and 3).
      const isHelper = helperMayReadPrivate(await liveMatchOn(deps.db, loaded.post.id), user.id);
      if (!isHelper && !policy.canReadPrivate(loaded.post, loaded.membership, user.id)) {
        throw notFound('post');
      }
      const row = await store.findPrivate(deps.db, loaded.post.id);
      if (!row) throw notFound('post');
      if (!policy.isAuthor(loaded.post, user.id)) {
        await store.auditPrivateRead(deps.db, loaded.post.id, user.id);
      }
      return presentPrivate(row);
    },
  );
}
