import type { TNewPost, TPost } from '../../../common/posts.ts';
import type { AppDeps, Deps } from '../../deps.ts';
import type { User } from '../accounts/types.ts';
import { groupsWithMembership } from '../groups/groups.ts';
import type { Group, Membership } from '../groups/types.ts';
import * as extrasStore from './extras-store.ts';
import * as policy from './policy.ts';
import { presentPost } from './present.ts';
import type { LoadedPost, Post } from './types.ts';

/**
 * Posts as one reader sees them, with their counts, reactions, polls and author names fetched
 * for the whole list at once. Without a group, each post's own group and the reader's
 * membership of it are looked up (lists across groups), unless the rows already carry them.
 */
export async function presentPosts(
  deps: Pick<Deps, 'db' | 'pool'>,
  options: {
    /** With `group` and `membership` when the query found them (lists across groups). */
    rows: Array<{
      post: Post;
      distanceKm: number | null;
      group?: Pick<Group, 'slug' | 'name'>;
      membership?: Membership;
    }>;
    group?: Group;
    membership?: Membership | undefined;
    viewerId: string | null;
    /** Already loaded (a cached page's, with the reader's own laid over). */
    extras?: Map<string, extrasStore.PostExtras>;
  },
): Promise<TPost[]> {
  const extras =
    options.extras ??
    (await extrasStore.postExtras(
      deps.pool,
      options.rows.map((row) => row.post.id),
      options.viewerId,
    ));
  const groups = new Map<
    string,
    { group: Pick<Group, 'slug' | 'name'>; membership: Membership | undefined }
  >();
  if (options.group) {
    groups.set(options.group.id, { group: options.group, membership: options.membership });
  } else {
    for (const row of options.rows) {
      if (row.group) groups.set(row.post.groupId, { group: row.group, membership: row.membership });
    }
    const ids = [...new Set(options.rows.map((row) => row.post.groupId))].filter(
      (id) => !groups.has(id),
    );
    for (const found of await groupsWithMembership(deps, ids, options.viewerId)) {
      groups.set(found.group.id, found);
    }
  }
  return options.rows.flatMap((row) => {
    const context = groups.get(row.post.groupId);
    if (!context) return [];
    return [
      presentPost({
        post: row.post,
        group: context.group,
        membership: context.membership,
        viewerId: options.viewerId,
        extras: extras.get(row.post.id),
        distanceKm: row.distanceKm,
      }),
    ];
  });
}

/** One post as one reader sees it (after a change: its extras are read afresh). */
export async function presentOnePost(
  deps: Pick<Deps, 'db' | 'pool'>,
  loaded: { post: Post; group: Group; membership: Membership | undefined },
  viewerId: string | null,
): Promise<TPost> {
  const [post] = await presentPosts(deps, {
    rows: [{ post: loaded.post, distanceKm: null }],
    group: loaded.group,
    membership: loaded.membership,
    viewerId,
  });
  return post!;
}

/**
 * A post just made, for its author. A poll's options need their new ids read back; anything
 * else is all known: a new post has no comments, reactions, responses, match or photos yet.
 */
export async function presentNewPost(
  deps: Pick<Deps, 'db' | 'pool'>,
  options: {
    post: Post;
    group: Group;
    membership: Membership | undefined;
    user: Pick<User, 'id' | 'displayName'>;
    input: TNewPost;
  },
): Promise<TPost> {
  const { post, group, membership, user, input } = options;
  if (input.kind === 'question' && input.poll?.length) {
    return presentOnePost(deps, { post, group, membership }, user.id);
  }
  const fresh: extrasStore.PostExtras = {
    ...extrasStore.NO_EXTRAS,
    authorName: user.displayName,
    hasPrivate: input.kind === 'ask' && Boolean(input.private || input.onBehalfOf),
  };
  const [shown] = await presentPosts(deps, {
    rows: [{ post, distanceKm: null }],
    group,
    membership,
    viewerId: user.id,
    extras: new Map([[post.id, fresh]]),
  });
  return shown!;
}

/**
 * A post's page for a request that changes nothing. Who may see it is decided on every request,
 * from what is kept until the group or the reader changes (readPost); its counts, reactions,
 * poll and photos are kept for the group, with the reader's own laid over.
 */
export async function presentPostPage(
  deps: Pick<AppDeps, 'db' | 'pool' | 'cache'>,
  loaded: LoadedPost,
  viewerId: string | null,
): Promise<TPost> {
  let extras = await deps.cache.get(loaded.group.id, `extras ${loaded.post.id}`, () =>
    extrasStore.postExtras(deps.pool, [loaded.post.id], null),
  );
  if (viewerId && policy.canReadWhole(loaded.membership)) {
    extras = extrasStore.withMine(extras, {
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
}
