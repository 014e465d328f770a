import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { matches, type matchMessages, posts, responses } from '../../db/schema/index.ts';
import type { Deps } from '../../deps.ts';
import { badRequest, conflict, forbidden, notFound } from '../../http/errors.ts';
import type { User } from '../accounts/store.ts';
import { isUniqueViolation } from '../groups/groups.ts';
import * as groupPolicy from '../groups/policy.ts';
import type { Group, Membership } from '../groups/store.ts';
import * as groupStore from '../groups/store.ts';
import { notify } from '../notifications/notify.ts';
import type { LoadedPost } from '../posts/posts.ts';
import { effectiveStatus } from '../posts/present.ts';
import * as postStore from '../posts/store.ts';
import { requireIdCheck } from './helpers.ts';
import * as policy from './policy.ts';
import type { Match } from './store.ts';
import * as store from './store.ts';

type MatchDeps = Pick<Deps, 'db' | 'pool'>;

/** A response (new, or one withdrawn and made again) and the notification to the post's author. */
const RESPOND = `
WITH responded AS (
  INSERT INTO responses (post_id, responder_id, note, offer_id) VALUES ($1, $2, $3, $4)
  ON CONFLICT (post_id, responder_id) DO UPDATE
    SET note = EXCLUDED.note, offer_id = EXCLUDED.offer_id, status = 'pending'
    WHERE responses.status = 'withdrawn'
  RETURNING *
), told AS (
  INSERT INTO notifications (user_id, kind, actor_id, post_id)
  SELECT $5, 'response', responder_id, post_id FROM responded WHERE responder_id <> $5
)
SELECT id, post_id, responder_id, note, offer_id, status, created_at FROM responded`;

/** A message in a match's thread, its timeline entry, and a notification to the other side. */
const SEND_MESSAGE = `
WITH sent AS (
  INSERT INTO match_messages (match_id, author_id, body) VALUES ($1, $2, $3) RETURNING *
), event AS (
  INSERT INTO match_events (match_id, kind, actor_id) VALUES ($1, 'message', $2)
), told AS (
  INSERT INTO notifications (user_id, kind, actor_id, match_id)
  SELECT DISTINCT person, 'message', $2::uuid, $1::uuid FROM unnest($4::uuid[]) AS person
   WHERE person <> $2
)
SELECT id, match_id, author_id, body, created_at FROM sent`;

type MessageRow = {
  id: string;
  match_id: string;
  author_id: string;
  body: string;
  created_at: Date;
};

type RespondedRow = {
  id: string;
  post_id: string;
  responder_id: string;
  note: string;
  offer_id: string | null;
  status: (typeof responses.$inferSelect)['status'];
  created_at: Date;
};

const alreadyMatched = () =>
  conflict('already-matched', 'Someone is already helping with this. Nothing was changed.');

/** "I can help" on an open ask, or "I'd like this" on an open offer. Members only. */
export async function respond(
  deps: MatchDeps,
  options: { loaded: LoadedPost; user: User; note: string; offerId: string | null },
) {
  const { post, membership } = options.loaded;
  if (!groupPolicy.isActive(membership)) throw notFound('post');
  if (post.kind !== 'ask' && post.kind !== 'offer') {
    throw badRequest('not-respondable', 'Only asks and offers take responses.');
  }
  if (post.authorId === options.user.id) {
    throw badRequest('own-post', 'This is your own post.');
  }
  if (effectiveStatus(post).status !== 'open') {
    throw conflict('post-closed', 'This post is closed.');
  }
  let offerTitle: string | null = null;
  if (options.offerId) {
    const [offer] = await deps.db
      .select({ id: posts.id, title: posts.title })
      .from(posts)
      .where(
        and(
          eq(posts.id, options.offerId),
          eq(posts.authorId, options.user.id),
          eq(posts.kind, 'offer'),
          eq(posts.groupId, post.groupId),
        ),
      );
    if (!offer) {
      throw badRequest('no-such-offer', 'Point to one of your own offers in this group.', [
        { field: 'offerId', code: 'not-found', message: 'Choose one of your own offers.' },
      ]);
    }
    offerTitle = offer.title;
  }
  // The response and the other side's notification in one statement (one commit); an earlier
  // response not withdrawn leaves the statement empty, and nobody is told twice.
  const { rows } = await deps.pool.query<RespondedRow>({
    name: 'respond',
    text: RESPOND,
    values: [post.id, options.user.id, options.note, options.offerId, post.authorId],
  });
  const responded = rows[0];
  if (!responded) throw conflict('already-responded', 'You have already responded to this post.');
  const row: typeof responses.$inferSelect = {
    id: responded.id,
    postId: responded.post_id,
    responderId: responded.responder_id,
    note: responded.note,
    offerId: responded.offer_id,
    status: responded.status,
    createdAt: responded.created_at,
  };
  // Everything its presentation needs, so the route does not read it back.
  return { response: row, responderName: options.user.displayName, offerTitle };
}

/** Creates the match, once. The post row is locked, and a partial unique index backs it up. */
async function makeMatch(
  deps: MatchDeps,
  options: {
    post: LoadedPost['post'];
    askerId: string;
    helperId: string;
    responseId: string | null;
    actorId: string;
    kind: 'accepted' | 'assigned';
    reassign?: boolean;
  },
): Promise<Match> {
  try {
    const made = await deps.db.transaction(async (tx) => {
      await store.lockPost(tx, options.post.id);
      const live = await store.liveMatchOn(tx, options.post.id);
      if (live && !options.reassign) throw alreadyMatched();
      if (live) {
        await tx
          .update(matches)
          .set({ status: 'reassigned', endedAt: new Date() })
          .where(eq(matches.id, live.id));
        await store.addEvent(tx, {
          matchId: live.id,
          kind: 'reassigned',
          actorId: options.actorId,
        });
        if (live.responseId) {
          await tx
            .update(responses)
            .set({ status: 'not-chosen' })
            .where(eq(responses.id, live.responseId));
        }
      }
      const [match] = await tx
        .insert(matches)
        .values({
          postId: options.post.id,
          askerId: options.askerId,
          helperId: options.helperId,
          responseId: options.responseId,
          matchedBy: options.actorId,
        })
        .returning();
      await store.addEvent(tx, {
        matchId: match!.id,
        kind: options.kind,
        actorId: options.actorId,
      });
      if (options.responseId) {
        await tx
          .update(responses)
          .set({ status: 'accepted' })
          .where(eq(responses.id, options.responseId));
      }
      // Everyone else who offered is told, kindly, that someone else is helping.
      const others = await tx
        .update(responses)
        .set({ status: 'not-chosen' })
        .where(
          and(
            eq(responses.postId, options.post.id),
            eq(responses.status, 'pending'),
            options.responseId ? ne(responses.id, options.responseId) : sql`true`,
          ),
        )
        .returning({ responderId: responses.responderId });
      return { match: match!, notChosen: others.map((row) => row.responderId) };
    });
    await notify(deps.db, {
      userIds: [made.match.helperId, made.match.askerId],
      kind: 'accepted',
      actorId: options.actorId,
      matchId: made.match.id,
      postId: options.post.id,
    });
    await notify(deps.db, {
      userIds: made.notChosen.filter((id) => id !== made.match.helperId),
      kind: 'not-chosen',
      actorId: null,
      postId: options.post.id,
    });
    return made.match;
  } catch (error) {
    if (isUniqueViolation(error, 'matches_one_live_per_post_idx')) throw alreadyMatched();
    throw error;
  }
}

/** Peer groups: the asker (or offerer) accepts a response. Dispatch: a moderator does. */
export async function acceptResponse(
  deps: MatchDeps,
  options: { responseId: string; user: User; loadPost: (id: string) => Promise<LoadedPost> },
) {
  const response = await store.findResponse(deps.db, options.responseId);
  if (!response) throw notFound('response');
  const loaded = await options.loadPost(response.postId);
  const { post, group, membership } = loaded;
  if (!groupPolicy.isActive(membership)) throw notFound('response');
  if (!policy.canAccept(group, post, membership, options.user.id)) {
    if (post.authorId === options.user.id) {
      throw forbidden('dispatch-group', 'In this group, moderators match asks with helpers.');
    }
    if (groupPolicy.canModerate(membership)) {
      throw forbidden('peer-group', 'In this group, the person who asked chooses their helper.');
    }
    throw notFound('response');
  }
  if (response.status !== 'pending') {
    throw conflict('response-not-pending', 'This response can no longer be accepted.');
  }
  if (effectiveStatus(post).status !== 'open')
    throw conflict('post-closed', 'This post is closed.');
  await requireIdCheck(deps.db, {
    group,
    post,
    helperId: policy.helperOf(post, response.responderId),
  });
  return makeMatch(deps, {
    post,
    askerId: policy.askerOf(post, response.responderId),
    helperId: policy.helperOf(post, response.responderId),
    responseId: response.id,
    actorId: options.user.id,
    kind: 'accepted',
  });
}

/** Moderators assign a helper, with or without a response; `reassign` replaces a live match. */
export async function assignHelper(
  deps: MatchDeps,
  options: { loaded: LoadedPost; user: User; helperId: string; reassign: boolean },
) {
  const { post, group, membership } = options.loaded;
  if (!policy.canAssign(membership)) {
    throw forbidden('not-moderator', "Only the group's moderators can assign helpers.");
  }
  if (post.kind !== 'ask') throw badRequest('not-an-ask', 'Helpers are assigned to asks.');
  if (effectiveStatus(post).status !== 'open') throw conflict('post-closed', 'This ask is closed.');
  const helper = await groupStore.findMembership(deps.db, group.id, options.helperId);
  if (helper?.status !== 'active' || options.helperId === post.authorId) {
    throw badRequest('not-a-member', 'Choose a member of the group other than the asker.', [
      { field: 'helperId', code: 'not-member', message: 'Choose a member of the group.' },
    ]);
  }
  await requireIdCheck(deps.db, { group, post, helperId: options.helperId });
  const [response] = await deps.db
    .select({ id: responses.id })
    .from(responses)
    .where(and(eq(responses.postId, post.id), eq(responses.responderId, options.helperId)));
  return makeMatch(deps, {
    post,
    askerId: post.authorId,
    helperId: options.helperId,
    responseId: response?.id ?? null,
    actorId: options.user.id,
    kind: 'assigned',
    reassign: options.reassign,
  });
}

export type LoadedMatch = {
  match: Match;
  post: LoadedPost['post'];
  group: Group;
  membership: Membership | undefined;
  role: policy.Role;
};

/**
 * A match for one of its people: asker, helper, or a moderator of its group. A former helper
 * (withdrawn or replaced) and everyone else get 404.
 */
export async function loadMatch(deps: MatchDeps, id: string, user: User): Promise<LoadedMatch> {
  const match = await store.findMatch(deps.db, id);
  if (!match) throw notFound('match');
  const found = await postStore.findPostInGroup(deps.db, match.postId, user.id);
  if (!found) throw notFound('match');
  const role = policy.roleIn(match, found.membership, user.id);
  const isFormerHelper =
    role === 'helper' && (match.status === 'withdrawn' || match.status === 'reassigned');
  if (!role || isFormerHelper) throw notFound('match');
  return { match, ...found, role };
}

async function setStatus(
  deps: MatchDeps,
  options: {
    loaded: LoadedMatch;
    from: Match['status'][];
    to: Match['status'];
    event: store.MatchEventKind;
    actorId: string;
    reason?: string | null;
    values?: Partial<typeof matches.$inferInsert>;
  },
) {
  return deps.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(matches)
      .set({ status: options.to, ...options.values })
      .where(and(eq(matches.id, options.loaded.match.id), inArray(matches.status, options.from)))
      .returning();
    if (!updated)
      throw conflict('match-changed', 'This match has moved on. Reload to see where it is.');
    await store.addEvent(tx, {
      matchId: updated.id,
      kind: options.event,
      actorId: options.actorId,
      reason: options.reason ?? null,
    });
    return { updated, tx };
  });
}

/** The helper says it is done. */
export async function complete(deps: MatchDeps, options: { loaded: LoadedMatch; user: User }) {
  if (options.loaded.role !== 'helper') {
    throw forbidden('helper-only', 'The helper marks the help as done.');
  }
  const { updated } = await setStatus(deps, {
    loaded: options.loaded,
    from: ['accepted'],
    to: 'done',
    event: 'done',
    actorId: options.user.id,
    values: { doneAt: new Date() },
  });
  await notify(deps.db, {
    userIds: [updated.askerId],
    kind: 'done',
    actorId: options.user.id,
    matchId: updated.id,
  });
  return updated;
}

/** The asker confirms (with an optional thank-you); the post closes as fulfilled. */
export async function confirm(
  deps: MatchDeps,
  options: { loaded: LoadedMatch; user: User; thankYou: string | null },
) {
  const { loaded } = options;
  const isAsker =
    loaded.role === 'asker' || (loaded.post.isOnBehalf && loaded.post.authorId === options.user.id);
  if (!isAsker) throw forbidden('asker-only', 'The person who was helped confirms.');
  const confirmed = await deps.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(matches)
      .set({ status: 'confirmed', endedAt: new Date(), thankYou: options.thankYou })
      .where(and(eq(matches.id, loaded.match.id), inArray(matches.status, ['accepted', 'done'])))
      .returning();
    if (!updated)
      throw conflict('match-changed', 'This match has moved on. Reload to see where it is.');
    await store.addEvent(tx, { matchId: updated.id, kind: 'confirmed', actorId: options.user.id });
    await tx
      .update(posts)
      .set({ status: 'closed', closedReason: 'fulfilled', closedAt: new Date() })
      .where(eq(posts.id, loaded.post.id));
    return updated;
  });
  await notify(deps.db, {
    userIds: [confirmed.helperId],
    kind: 'confirmed',
    actorId: options.user.id,
    matchId: confirmed.id,
  });
  return confirmed;
}

/** Either side steps back, with a reason; the ask is open again and the helper's access ends. */
export async function withdraw(
  deps: MatchDeps,
  options: { loaded: LoadedMatch; user: User; reason: string },
) {
  const { loaded } = options;
  if (loaded.role === 'moderator' && loaded.match.askerId !== options.user.id) {
    throw forbidden('participants-only', 'The asker or the helper can withdraw.');
  }
  const { updated } = await setStatus(deps, {
    loaded,
    from: ['accepted', 'done'],
    to: 'withdrawn',
    event: 'withdrawn',
    actorId: options.user.id,
    reason: options.reason,
    values: { endedAt: new Date() },
  });
  if (updated.responseId) {
    await deps.db
      .update(responses)
      .set({ status: 'withdrawn' })
      .where(eq(responses.id, updated.responseId));
  }
  await notify(deps.db, {
    userIds: [updated.askerId, updated.helperId],
    kind: 'withdrawn',
    actorId: options.user.id,
    matchId: updated.id,
  });
  return updated;
}

/** When the helper marked it done and the asker has not confirmed in time, a moderator closes it. */
export async function closeByModerator(
  deps: MatchDeps,
  options: { loaded: LoadedMatch; user: User },
) {
  const { loaded } = options;
  if (!groupPolicy.canModerate(loaded.membership)) {
    throw forbidden('not-moderator', "Only the group's moderators can close a match.");
  }
  const waitedMs = Date.now() - (loaded.match.doneAt?.getTime() ?? Date.now());
  if (loaded.match.status !== 'done' || waitedMs < loaded.group.confirmAfterDays * 86_400_000) {
    throw conflict(
      'too-early',
      `A match can be closed ${loaded.group.confirmAfterDays} days after the helper marked it done.`,
    );
  }
  const closed = await deps.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(matches)
      .set({ status: 'closed', endedAt: new Date() })
      .where(and(eq(matches.id, loaded.match.id), eq(matches.status, 'done')))
      .returning();
    if (!updated)
      throw conflict('match-changed', 'This match has moved on. Reload to see where it is.');
    await store.addEvent(tx, { matchId: updated.id, kind: 'closed', actorId: options.user.id });
    await tx
      .update(posts)
      .set({ status: 'closed', closedReason: 'fulfilled', closedAt: new Date() })
      .where(eq(posts.id, loaded.post.id));
    return updated;
  });
  return closed;
}

/** A message in the match's thread; the thread is read-only once the match has ended. */
export async function sendMessage(
  deps: MatchDeps,
  options: { loaded: LoadedMatch; user: User; body: string },
) {
  if (!store.LIVE.includes(options.loaded.match.status)) {
    throw conflict('match-ended', 'This match has ended; its thread is kept but closed.');
  }
  const { match } = options.loaded;
  // The message, its timeline entry and the other side's notification: one statement.
  const { rows } = await deps.pool.query<MessageRow>({
    name: 'send_message',
    text: SEND_MESSAGE,
    values: [match.id, options.user.id, options.body, [match.askerId, match.helperId]],
  });
  const sent = rows[0]!;
  return {
    id: sent.id,
    matchId: sent.match_id,
    authorId: sent.author_id,
    body: sent.body,
    createdAt: sent.created_at,
  } satisfies typeof matchMessages.$inferSelect;
}
