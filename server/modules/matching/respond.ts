import type { Deps } from '../../deps.ts';
import { badRequest, conflict, notFound } from '../../http/errors.ts';
import type { User } from '../accounts/types.ts';
import * as groupPolicy from '../groups/policy.ts';
import { isOpen } from '../posts/status.ts';
import type { LoadedPost } from '../posts/types.ts';
import * as store from './store.ts';

/** "I can help" on an open ask, or "I'd like this" on an open offer. Members only. */
export async function respond(
  deps: Pick<Deps, 'db' | 'pool'>,
  options: { loaded: LoadedPost; user: User; note: string; offerId: string | null },
) {
  const { post, membership } = options.loaded;
  if (!groupPolicy.isActive(membership)) throw notFound('post');
  if (post.kind !== 'ask' && post.kind !== 'offer') {
    throw badRequest('not-respondable', 'Only asks and offers take responses.');
  }
  if (post.authorId === options.user.id) throw badRequest('own-post', 'This is your own post.');
  if (!isOpen(post)) throw conflict('post-closed', 'This post is closed.');
  let offerTitle: string | null = null;
  if (options.offerId) {
    const offer = await store.findOwnOffer(deps.db, {
      id: options.offerId,
      authorId: options.user.id,
      groupId: post.groupId,
    });
    if (!offer) {
      throw badRequest('no-such-offer', 'Point to one of your own offers in this group.', [
        { field: 'offerId', code: 'not-found', message: 'Choose one of your own offers.' },
      ]);
    }
    offerTitle = offer.title;
  }
  // The response and the author's notification in one statement (notifyClause); a response
  // already standing leaves it empty, and nobody is told twice.
  const response = await store.respondAndNotify(deps.pool, {
    postId: post.id,
    responderId: options.user.id,
    note: options.note,
    offerId: options.offerId,
    authorId: post.authorId,
  });
  if (!response) throw conflict('already-responded', 'You have already responded to this post.');
  // Everything its presentation needs, so the route does not read it back.
  return { response, responderName: options.user.displayName, offerTitle };
}
