// Comments, reactions and poll votes: what members do on a post.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { TReaction } from '../../../common/constants.ts';
import { comments, pollOptions, pollVotes, reactions, users } from '../../db/schema/index.ts';
import type { Deps } from '../../deps.ts';
import { badRequest, conflict, notFound } from '../../http/errors.ts';
import type { User } from '../accounts/types.ts';
import * as policy from './policy.ts';
import type { LoadedPost } from './posts.ts';
import { effectiveStatus } from './status.ts';

type InteractionDeps = Pick<Deps, 'db'>;

/** Taking part needs an active membership; others get 404, as for a post they cannot see. */
function requireMember(loaded: LoadedPost) {
  if (!policy.canTakePart(loaded.membership)) throw notFound('post');
}

export async function listComments(deps: InteractionDeps, loaded: LoadedPost) {
  requireMember(loaded);
  return deps.db
    .select({
      id: comments.id,
      parentId: comments.parentId,
      authorId: comments.authorId,
      body: comments.body,
      createdAt: comments.createdAt,
      editedAt: comments.editedAt,
      displayName: users.displayName,
    })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(comments.postId, loaded.post.id), sql`${comments.removedAt} IS NULL`))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(1000);
}

/** A comment, or a reply to a top-level comment (one level of replies). */
export async function addComment(
  deps: InteractionDeps,
  options: { loaded: LoadedPost; user: User; body: string; parentId: string | null },
) {
  requireMember(options.loaded);
  if (options.parentId) {
    const [parent] = await deps.db
      .select({ id: comments.id, parentId: comments.parentId })
      .from(comments)
      .where(and(eq(comments.id, options.parentId), eq(comments.postId, options.loaded.post.id)));
    if (!parent) {
      throw badRequest('no-such-comment', 'That comment is not on this post.', [
        { field: 'parentId', code: 'not-found', message: 'Reply to a comment on this post.' },
      ]);
    }
    if (parent.parentId) {
      throw badRequest('reply-depth', 'Replies go under the first comment, one level deep.', [
        { field: 'parentId', code: 'too-deep', message: 'Reply to the first comment instead.' },
      ]);
    }
  }
  const [row] = await deps.db
    .insert(comments)
    .values({
      postId: options.loaded.post.id,
      authorId: options.user.id,
      body: options.body,
      parentId: options.parentId,
    })
    .returning();
  return row!;
}

export async function react(
  deps: InteractionDeps,
  options: { loaded: LoadedPost; user: User; kind: TReaction; isOn: boolean },
) {
  requireMember(options.loaded);
  if (options.isOn) {
    await deps.db
      .insert(reactions)
      .values({ postId: options.loaded.post.id, userId: options.user.id, kind: options.kind })
      .onConflictDoNothing();
  } else {
    await deps.db
      .delete(reactions)
      .where(
        and(
          eq(reactions.postId, options.loaded.post.id),
          eq(reactions.userId, options.user.id),
          eq(reactions.kind, options.kind),
        ),
      );
  }
}

/** Who reacted with what: display names only. */
export async function whoReacted(deps: InteractionDeps, loaded: LoadedPost) {
  requireMember(loaded);
  return deps.db
    .select({ kind: reactions.kind, id: users.id, displayName: users.displayName })
    .from(reactions)
    .innerJoin(users, eq(users.id, reactions.userId))
    .where(eq(reactions.postId, loaded.post.id))
    .orderBy(asc(reactions.kind), asc(reactions.createdAt))
    .limit(2000);
}

/** One vote per member per poll; a second vote is refused (409). */
export async function vote(
  deps: InteractionDeps,
  options: { loaded: LoadedPost; user: User; optionId: string },
) {
  requireMember(options.loaded);
  const { post } = options.loaded;
  if (effectiveStatus(post).status !== 'open') {
    throw conflict('poll-closed', 'This question is closed, so its poll is too.');
  }
  const [option] = await deps.db
    .select({ id: pollOptions.id })
    .from(pollOptions)
    .where(and(eq(pollOptions.id, options.optionId), eq(pollOptions.postId, post.id)));
  if (!option) {
    throw badRequest('no-such-option', 'That option is not in this poll.', [
      { field: 'optionId', code: 'not-found', message: 'Choose one of the poll’s options.' },
    ]);
  }
  const inserted = await deps.db
    .insert(pollVotes)
    .values({ postId: post.id, userId: options.user.id, optionId: option.id })
    .onConflictDoNothing()
    .returning({ postId: pollVotes.postId });
  if (inserted.length === 0)
    throw conflict('already-voted', 'You have already voted in this poll.');
}
