// What moderators do to posts, each a command that writes the moderation log in the same
// transaction as the change, and tells whom it concerns through notify.
import type { Deps } from '../../deps.ts';
import { forbidden } from '../../http/errors.ts';
import type { User } from '../accounts/types.ts';
import { notify } from '../notifications/notify.ts';
import { setModeration } from '../posts/posts.ts';
import type { LoadedPost, Post } from '../posts/types.ts';
import * as policy from './policy.ts';
import { recordAction } from './store.ts';

type ModerationDeps = Pick<Deps, 'db'>;

function requireModerator(loaded: LoadedPost) {
  if (!policy.canModeratePosts(loaded.membership)) {
    throw forbidden('not-moderator', "Only the group's moderators can do this.");
  }
}

/** Pins a post to the top of the feed, or unpins it. */
export async function pinPost(
  deps: ModerationDeps,
  options: { loaded: LoadedPost; user: User; isPinned: boolean },
): Promise<Post> {
  const { loaded, user } = options;
  requireModerator(loaded);
  return deps.db.transaction(async (tx) => {
    const post = await setModeration(tx, loaded.post.id, { isPinned: options.isPinned });
    await recordAction(tx, {
      groupId: loaded.group.id,
      actorId: user.id,
      action: options.isPinned ? 'pin' : 'unpin',
      postId: post.id,
      subjectId: post.authorId,
    });
    return post;
  });
}

/** Lets a post held for review (a recently joined member's) be seen by everyone. */
export async function releasePost(
  deps: ModerationDeps,
  options: { loaded: LoadedPost; user: User },
): Promise<Post> {
  const { loaded, user } = options;
  requireModerator(loaded);
  return deps.db.transaction(async (tx) => {
    const post = await setModeration(tx, loaded.post.id, { isHeld: false });
    await recordAction(tx, {
      groupId: loaded.group.id,
      actorId: user.id,
      action: 'release',
      postId: post.id,
      subjectId: post.authorId,
    });
    return post;
  });
}

/** Removes a post, with a reason; its author is told that a moderator removed it. */
export async function removePost(
  deps: ModerationDeps,
  options: { loaded: LoadedPost; user: User; reason: string },
): Promise<void> {
  const { loaded, user } = options;
  requireModerator(loaded);
  await deps.db.transaction(async (tx) => {
    await setModeration(tx, loaded.post.id, {
      removedAt: new Date(),
      removedBy: user.id,
      removalReason: options.reason,
    });
    await recordAction(tx, {
      groupId: loaded.group.id,
      actorId: user.id,
      action: 'remove-post',
      postId: loaded.post.id,
      subjectId: loaded.post.authorId,
      reason: options.reason,
    });
    await notify(tx, {
      userIds: [loaded.post.authorId],
      kind: 'removed',
      actorId: user.id,
      postId: loaded.post.id,
    });
  });
}
