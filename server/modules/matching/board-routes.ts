import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  BOARD_COLUMN_CARDS,
  BOARD_COLUMNS,
  STALE_MATCH_DAYS,
  type TBoardColumn,
} from '../../../common/constants.ts';
import {
  ZBoard,
  ZBoardClaim,
  ZBoardFilters,
  ZBoardQuery,
  ZBoardTidied,
  ZSuggestion,
} from '../../../common/matching.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../http/auth.ts';
import { forbidden } from '../../http/errors.ts';
import { sendShared, sharedBody } from '../../http/json.ts';
import { problems, ZIdParam as ZPostParams, ZSlugParam } from '../../http/schemas.ts';
import { loadGroup, readGroup } from '../groups/groups.ts';
import * as groupPolicy from '../groups/policy.ts';
import { readPost } from '../posts/posts.ts';
import { boardCards, suggestHelpers } from './board.ts';
import { claimAsk, releaseAsk } from './claims.ts';
import { closePastDateAsks, remindQuietHelpers } from './tidy.ts';

const tags = ['matching'];
const ZSuggestions = z.object({ items: z.array(ZSuggestion) });
const SUGGESTED_CARDS = 20;
const moderatorsOnly = () =>
  forbidden('not-moderator', "Only the group's moderators can see the dispatch board.");

export async function boardRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/groups/:slug/board',
    {
      schema: {
        tags,
        summary: "The moderators' dispatch board: open asks by column, with suggested helpers",
        params: ZSlugParam,
        querystring: ZBoardQuery,
        response: { 200: ZBoard, ...problems },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { group, membership } = await readGroup(deps, request.params.slug, user);
      if (!groupPolicy.canModerate(membership)) throw moderatorsOnly();
      // The same for every moderator: kept for the group, checked and serialised once, until
      // anything on it changes.
      const { sort, ...filters } = request.query;
      const body = await deps.cache.get(
        group.id,
        `board ${JSON.stringify(request.query)}`,
        async () => {
          const all = await boardCards(deps.db, group, sort, filters);
          // Each column's first cards in the board's order (most urgent or oldest first): a
          // moderator's phone gets a board of the same size in a group of 500 or of 50,000.
          const totals = Object.fromEntries(BOARD_COLUMNS.map((column) => [column, 0])) as Record<
            TBoardColumn,
            number
          >;
          const cards = all.filter((card) => ++totals[card.column] <= BOARD_COLUMN_CARDS);
          // Suggestions for the first cards in the board's order; the rest ask when opened.
          const needHelpers = cards
            .filter((card) => card.column === 'new' || card.column === 'waiting')
            .slice(0, SUGGESTED_CARDS);
          const suggestions = await suggestHelpers(
            deps.db,
            needHelpers.map((card) => card.post.id),
          );
          return sharedBody(
            JSON.stringify(
              ZBoard.encode({
                cards: cards.map((card) => ({
                  ...card,
                  suggestions: suggestions.get(card.post.id) ?? [],
                })),
                totals,
                unansweredAlertHours: group.unansweredAlertHours,
                tidy: {
                  pastDate: all.filter((card) => card.isPastDate).length,
                  quiet: all.filter((card) => card.isQuiet).length,
                },
              }),
            ),
          );
        },
      );
      return sendShared(request, reply, body);
    },
  );

  // The board's bulk actions: the same shape, each its own command.
  const bulkActions = [
    {
      path: 'close-past-date',
      command: closePastDateAsks,
      summary: 'Close, as expired, the asks on the board whose date has passed with nobody helping',
      description:
        "Moderators only. Takes the board's filters; each asker is told and can renew their ask. Written to the moderation log.",
    },
    {
      path: 'remind-quiet',
      command: remindQuietHelpers,
      summary: 'Remind the helpers of the quiet matches on the board',
      description: `Moderators only. Takes the board's filters. A match is quiet when it has waited for its helper with nothing new for ${STALE_MATCH_DAYS} days; each is reminded at most once in that time. Written to the moderation log.`,
    },
  ] as const;
  for (const action of bulkActions) {
    api.post(
      `/api/v1/groups/:slug/board/${action.path}`,
      {
        schema: {
          tags,
          summary: action.summary,
          description: action.description,
          params: ZSlugParam,
          querystring: ZBoardFilters,
          response: { 200: ZBoardTidied, ...problems },
        },
      },
      async (request) => {
        const user = requireUser(request);
        // A write: the membership as the database has it now, never a cached one.
        const { group, membership } = await loadGroup(deps, request.params.slug, user);
        const count = await action.command(deps, {
          group,
          membership,
          user,
          filters: request.query,
        });
        return { count };
      },
    );
  }

  api.put(
    '/api/v1/posts/:id/claim',
    {
      schema: {
        tags,
        summary: '"I\'m handling this": claim an open ask on the board, or renew your claim',
        description:
          'Moderators only. A claim lapses by itself after BOARD_CLAIM_MINUTES; while another moderator holds one, 409 claimed-by-other.',
        params: ZPostParams,
        response: { 200: ZBoardClaim, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const loaded = await readPost(deps, request.params.id, user);
      return claimAsk(deps, { loaded, user });
    },
  );

  api.delete(
    '/api/v1/posts/:id/claim',
    {
      schema: {
        tags,
        summary: 'Let go of your claim on an ask (moderators)',
        params: ZPostParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const loaded = await readPost(deps, request.params.id, user);
      await releaseAsk(deps, { loaded, user });
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/api/v1/posts/:id/suggestions',
    {
      schema: {
        tags,
        summary: 'Suggested helpers for one ask, with their reasons (moderators)',
        params: ZPostParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(20).default(10) }),
        response: { 200: ZSuggestions, ...problems },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { post, membership } = await readPost(deps, request.params.id, user);
      if (!groupPolicy.canModerate(membership)) throw moderatorsOnly();
      const { limit } = request.query;
      const body = await deps.cache.get(
        post.groupId,
        `suggestions ${post.id} ${limit}`,
        async () => {
          const suggestions = await suggestHelpers(deps.db, [post.id], limit);
          return sharedBody(
            JSON.stringify(ZSuggestions.encode({ items: suggestions.get(post.id) ?? [] })),
          );
        },
      );
      return sendShared(request, reply, body);
    },
  );
}
