import type { TPost } from '../../../common/posts.ts';
import type { Deps } from '../../deps.ts';
import type { Group, Membership } from '../groups/store.ts';
import * as groupStore from '../groups/store.ts';
import { presentPost } from './present.ts';
import type { Post } from './store.ts';
import * as store from './store.ts';

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
    extras?: Map<string, store.PostExtras>;
  },
): Promise<TPost[]> {
  const extras =
    options.extras ??
    (await store.postExtras(
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
    for (const found of await groupStore.findGroupsWithMembership(deps.db, ids, options.viewerId)) {
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
