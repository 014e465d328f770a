import type { Deps } from '../../deps.ts';
import { notFound } from '../../http/errors.ts';
import type { User } from '../accounts/types.ts';
import * as policy from './policy.ts';
import { loadPost } from './posts.ts';
import * as store from './store.ts';
import type { PrivateRow } from './types.ts';

/**
 * An ask's private record for one reader: decided by the one rule (`mayReadPrivate`, SAFETY 1
 * and 3), and every read by someone other than the asker audited (SAFETY 6). Anyone else gets
 * the same 404 as for a post that does not exist.
 */
export async function readPrivateRecord(
  deps: Pick<Deps, 'db'>,
  options: { postId: string; user: User },
): Promise<PrivateRow> {
  const { user } = options;
  const { post, membership } = await loadPost(deps, options.postId, user);
  const found = await store.findPrivateAndHelper(deps.db, post.id);
  const mayRead =
    found !== undefined &&
    policy.mayReadPrivate({ post, membership, userId: user.id, liveHelperId: found.liveHelperId });
  if (!mayRead) throw notFound('post');
  if (!policy.isAuthor(post, user.id)) await store.auditPrivateRead(deps.db, post.id, user.id);
  return found.row;
}
