import type { TMatch, TMessage, TResponse } from '../../../common/matching.ts';
import { matchAbilities } from './policy.ts';
import * as store from './store.ts';
import type { LoadedMatch, Match, Response } from './types.ts';

export function presentResponse(row: {
  response: Response;
  responderName: string;
  offerTitle: string | null;
}): TResponse {
  return {
    id: row.response.id,
    postId: row.response.postId,
    responder: { id: row.response.responderId, displayName: row.responderName },
    note: row.response.note,
    offer:
      row.response.offerId && row.offerTitle
        ? { id: row.response.offerId, title: row.offerTitle }
        : null,
    status: row.response.status,
    createdAt: row.response.createdAt.toISOString(),
  };
}

/** A match for one of its people: names, never an email or phone (those stay in the thread if typed). */
export async function presentMatch(
  db: Parameters<typeof store.timeline>[0],
  loaded: LoadedMatch,
  match: Match,
  userId: string,
): Promise<TMatch> {
  const [events, people] = await Promise.all([
    store.timeline(db, match.id),
    store.names(db, [match.askerId, match.helperId]),
  ]);
  const can = matchAbilities({ ...loaded, match }, userId);
  return {
    id: match.id,
    post: {
      id: loaded.post.id,
      title: loaded.post.title,
      kind: loaded.post.kind,
      isOnBehalf: loaded.post.isOnBehalf,
      group: { slug: loaded.group.slug, name: loaded.group.name },
    },
    asker: { id: match.askerId, displayName: people.get(match.askerId) ?? '' },
    helper: { id: match.helperId, displayName: people.get(match.helperId) ?? '' },
    status: match.status,
    thankYou: match.thankYou,
    createdAt: match.createdAt.toISOString(),
    doneAt: match.doneAt?.toISOString() ?? null,
    endedAt: match.endedAt?.toISOString() ?? null,
    myRole: loaded.role,
    timeline: events.map((event) => ({
      kind: event.kind,
      actor: event.actorId ? { id: event.actorId, displayName: event.actorName ?? '' } : null,
      reason: event.reason,
      at: event.createdAt.toISOString(),
    })),
    canComplete: can.canComplete,
    canConfirm: can.canConfirm,
    canWithdraw: can.canWithdraw,
    canClose: can.canClose,
  };
}

export function presentMessage(row: {
  message: { id: string; authorId: string; body: string; createdAt: Date };
  authorName: string;
}): TMessage {
  return {
    id: row.message.id,
    author: { id: row.message.authorId, displayName: row.authorName },
    body: row.message.body,
    createdAt: row.message.createdAt.toISOString(),
  };
}
