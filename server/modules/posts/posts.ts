import fs from 'node:fs/promises';
import path from 'node:path';
import type { TNewPost, TUpdatePost } from '../../../common/posts.ts';
import type { Tx } from '../../db/client.ts';
import type { AppDeps, Deps } from '../../deps.ts';
import { badRequest, forbidden, notFound, tooManyRequests } from '../../http/errors.ts';
import type { User } from '../accounts/types.ts';
import * as groupPolicy from '../groups/policy.ts';
import type { Group, Membership } from '../groups/types.ts';
import { endMatchOfClosedPost } from '../matching/ending.ts';
import * as newPost from './new-post-store.ts';
import * as policy from './policy.ts';
import * as store from './store.ts';
import type { LoadedPost, NewPost, Post } from './types.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
type PostDeps = Pick<Deps, 'db'>;

export type { LoadedPost } from './types.ts';

/** A post with its group and the reader's membership; 404 unless the reader may see it. */
export async function loadPost(
  deps: PostDeps,
  id: string,
  user: Pick<User, 'id'> | null,
): Promise<LoadedPost> {
  const found = await store.findPostInGroup(deps.db, id, user?.id ?? null);
  if (!found || !policy.canRead(found.group, found.membership, found.post, user?.id ?? null)) {
    throw notFound('post');
  }
  return found;
}

/**
 * `loadPost` for a request that changes nothing: the post, its group, and the reader's membership
 * and part in it as last looked up, while nothing in the group and nothing by the reader has
 * changed (`AccessCache`). Shared and frozen. Writes use `loadPost`, which always asks.
 */
export async function readPost(
  deps: Pick<AppDeps, 'db' | 'access'>,
  id: string,
  user: Pick<User, 'id'> | null,
): Promise<LoadedPost> {
  const userId = user?.id ?? null;
  const found = await deps.access.get(`post ${id}`, userId, () =>
    store.findPostInGroup(deps.db, id, userId),
  );
  if (!found || !policy.canRead(found.group, found.membership, found.post, userId)) {
    throw notFound('post');
  }
  return found;
}

/**
 * A post, its group and one person's membership, without deciding anything: for other modules'
 * commands that decide themselves (a match's people).
 */
export async function findPostWithMembership(
  deps: PostDeps,
  id: string,
  userId: string,
): Promise<LoadedPost | undefined> {
  return store.findPostInGroup(deps.db, id, userId);
}

/** The author's own post, else 404: nobody learns that someone else's post can be edited. */
export async function loadOwnPost(deps: PostDeps, id: string, user: User): Promise<LoadedPost> {
  const loaded = await loadPost(deps, id, user);
  const can = policy.postAbilities({
    post: loaded.post,
    membership: loaded.membership,
    userId: user.id,
    liveHelperId: null,
  });
  if (!can.canEdit) throw notFound('post');
  return loaded;
}

function categoryFits(group: Group, category: string | null | undefined) {
  if (!category) return;
  if (!group.categories.includes(category)) {
    throw badRequest('category-not-in-group', 'This group does not handle that kind of help.', [
      { field: 'category', code: 'not-in-group', message: 'Choose one of the group’s categories.' },
    ]);
  }
}

/**
 * A new post. Members only (others get 404, SAFETY 5); recently joined members' posts wait for
 * review; at most `POST_LIMIT` posts per person per hour (429 past it, counted with the post).
 */
export async function createPost(
  deps: PostDeps,
  options: { group: Group; membership: Membership | undefined; user: User; input: TNewPost },
): Promise<Post> {
  const { group, membership: m, user, input } = options;
  if (!policy.canTakePart(m)) throw notFound('group');
  categoryFits(group, input.category);
  if (input.onBehalfOf && !groupPolicy.canPostForNeighbour(group, m)) {
    throw forbidden('not-moderator', 'In this group, only moderators can post for a neighbour.');
  }
  const joinedRecently =
    group.holdNewMembersDays > 0 &&
    !groupPolicy.canModerate(m) &&
    (m!.joinedAt?.getTime() ?? Date.now()) > Date.now() - group.holdNewMembersDays * DAY_MS;
  const point = input.private?.point ?? null;
  const values: newPost.NewPostValues = {
    groupId: group.id,
    authorId: user.id,
    kind: input.kind,
    category: input.kind === 'ask' || input.kind === 'offer' ? input.category : null,
    title: input.title,
    body: input.body,
    urgency: input.kind === 'ask' ? input.urgency : null,
    neededBy: input.kind === 'ask' ? input.neededBy : null,
    timeWindow: input.kind === 'ask' ? input.timeWindow : null,
    peopleCount: input.kind === 'ask' ? input.peopleCount : null,
    // The public point is the exact one rounded on the way out; the exact one is private.
    latitude: point?.latitude ?? null,
    longitude: point?.longitude ?? null,
    locationName: input.locationName,
    availability: input.kind === 'offer' ? input.availability : null,
    quantity: input.kind === 'offer' ? input.quantity : null,
    isOngoing: input.kind === 'offer' ? input.isOngoing : false,
    travelKm: input.kind === 'offer' ? input.travelKm : null,
    linkUrl: input.kind === 'info' ? input.linkUrl : null,
    isOnBehalf: input.onBehalfOf !== null,
    isHeld: joinedRecently,
    expiresAt: input.kind === 'ask' ? new Date(Date.now() + group.askExpiryDays * DAY_MS) : null,
  };
  if (input.kind === 'question' && input.poll?.length) {
    const poll = input.poll;
    return deps.db.transaction(async (tx) => {
      const limited = await newPost.countPostAttempt(tx, user.id);
      if (limited) throw tooManyRequests(limited.retryAfterSeconds);
      const post = await store.insertPost(tx, values);
      await store.insertPollOptions(tx, post.id, poll);
      return post;
    });
  }
  const details =
    input.kind === 'ask' && (input.private || input.onBehalfOf)
      ? {
          address: input.private?.address ?? null,
          phone: input.private?.phone ?? input.onBehalfOf?.phone ?? null,
          accessNotes: input.private?.accessNotes ?? null,
          contactPreference: input.private?.contactPreference ?? null,
          neighbourName: input.onBehalfOf?.name ?? null,
          latitude: point?.latitude ?? null,
          longitude: point?.longitude ?? null,
        }
      : null;
  const made = await newPost.createPost(deps.db, values, details);
  if (!made.post) throw tooManyRequests(made.retryAfterSeconds);
  return made.post;
}

export async function editPost(
  deps: PostDeps,
  options: { loaded: LoadedPost; changes: TUpdatePost },
): Promise<Post> {
  const { post, group } = options.loaded;
  const { private: details, ...changes } = options.changes;
  if (changes.category !== undefined) categoryFits(group, changes.category);
  if ((post.kind === 'ask' || post.kind === 'offer') && changes.category === null) {
    throw badRequest('category-needed', 'Asks and offers need a kind of help.', [
      { field: 'category', code: 'required', message: 'Choose what kind of help this is.' },
    ]);
  }
  return deps.db.transaction(async (tx) => {
    const values: Partial<store.NewPost> = { ...changes, editedAt: new Date() };
    if (post.kind !== 'ask' && post.kind !== 'offer') values.category = null;
    if (details !== undefined && post.kind === 'ask') {
      const existing = await store.findPrivate(tx, post.id);
      await store.upsertPrivate(tx, {
        postId: post.id,
        address: details?.address ?? null,
        phone: details?.phone ?? null,
        accessNotes: details?.accessNotes ?? null,
        contactPreference: details?.contactPreference ?? null,
        neighbourName: existing?.neighbourName ?? null,
        latitude: details?.point?.latitude ?? null,
        longitude: details?.point?.longitude ?? null,
      });
      values.latitude = details?.point?.latitude ?? null;
      values.longitude = details?.point?.longitude ?? null;
    }
    return store.updatePost(tx, post.id, values);
  });
}

/**
 * The author closes their post: fulfilled, or no longer needed. Its live match ends with it, in
 * the same transaction, so the helper's access to the private record ends (SAFETY 3).
 */
export async function closePost(
  deps: PostDeps,
  options: { loaded: LoadedPost; reason: 'fulfilled' | 'not-needed' },
) {
  const { post } = options.loaded;
  return deps.db.transaction(async (tx) => {
    const closed = await store.updatePost(tx, post.id, {
      status: 'closed',
      closedReason: options.reason,
      closedAt: new Date(),
    });
    await endMatchOfClosedPost(tx, { post, actorId: post.authorId });
    return closed;
  });
}

/** The author deletes their post, and everything on it; its photos' files go too. */
export async function deletePost(
  deps: Pick<Deps, 'db' | 'config'>,
  options: { loaded: LoadedPost },
) {
  const { post } = options.loaded;
  await store.deletePost(deps.db, post.id);
  await fs.rm(path.join(deps.config.uploadsDir, post.id), { recursive: true, force: true });
}

/**
 * For moderation's commands: a post's moderation fields (pinned, held, removed), changed inside
 * their transaction.
 */
export function setModeration(
  tx: Tx,
  postId: string,
  values: Pick<NewPost, 'isPinned' | 'isHeld' | 'removedAt' | 'removedBy' | 'removalReason'>,
): Promise<Post> {
  return store.updatePost(tx, postId, values);
}

/** An ask runs for the group's expiry time again, and reopens if it had expired. */
export async function renewAsk(deps: PostDeps, options: { loaded: LoadedPost }) {
  const { post, group } = options.loaded;
  if (post.kind !== 'ask') {
    throw badRequest('not-an-ask', 'Only asks expire, so only asks can be renewed.');
  }
  const wasExpired =
    post.closedReason === 'expired' || (post.expiresAt?.getTime() ?? Infinity) <= Date.now();
  if (post.status === 'closed' && !wasExpired) {
    throw badRequest('closed', 'This ask was closed. Post a new one if help is needed again.');
  }
  // A date that has passed would close it again at the next tidy of the board: renewing says
  // it is still needed, whenever it can be done. Moderators hear again if nobody answers.
  const today = new Date().toISOString().slice(0, 10);
  return store.updatePost(deps.db, post.id, {
    status: 'open',
    closedReason: null,
    closedAt: null,
    expiresAt: new Date(Date.now() + group.askExpiryDays * DAY_MS),
    ...(post.neededBy && post.neededBy < today ? { neededBy: null } : {}),
    unansweredAlertedAt: null,
  });
}
