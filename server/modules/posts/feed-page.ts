// A page of a group's feed, as one reader gets it: from the page cached for everyone with their
// role, with the reader's own part laid over, compressed once and kept. The route sends what
// this returns; it decides nothing about caching or compression itself.
import type { z } from 'zod';
import { type TPost, type ZFeedQuery, ZPost } from '../../../common/posts.ts';
import type { AppDeps } from '../../deps.ts';
import { type Coding, packJson, type SharedBody, sharedBody } from '../../http/json.ts';
import type { Group, Membership } from '../groups/types.ts';
import * as extras from './extras-store.ts';
import { decodeCursor, encodeCursor, groupFeed } from './feed.ts';
import * as policy from './policy.ts';
import { presentPosts } from './present-posts.ts';

/** What to send: a body shared by every reader like this one, the reader's own JSON, or as is. */
export type FeedPage =
  | { shared: SharedBody }
  | { json: string }
  | { packed: Buffer; coding: Coding }
  | { page: { items: TPost[]; nextCursor: string | null } };

/** A feed page's JSON from its posts' (each already checked and serialised with `ZPost`). */
const feedJson = (posts: string[], nextCursor: string | null) =>
  `{"items":[${posts.join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`;

/** Feed pages loaded so far here: numbers each cached copy of a page. */
let pagesLoaded = 0;

/**
 * The page as everyone with this role sees it is cached for the group: posts, counts, and each
 * post presented and serialised once (the whole page compressed too). A reader with a part in
 * some posts (theirs, or their reaction, vote, response or match) gets those posts presented for
 * them, the others as cached. Held posts are the one thing a list for everyone lacks: a reader
 * with one of their own waiting gets a page of their own.
 */
export async function feedPage(
  deps: Pick<AppDeps, 'db' | 'pool' | 'cache' | 'access'>,
  options: {
    group: Group;
    membership: Membership | undefined;
    viewerId: string | null;
    query: z.output<typeof ZFeedQuery>;
    /** The content coding the client takes, if any. */
    coding: Coding | undefined;
  },
): Promise<FeedPage> {
  const { group, membership, viewerId, query } = options;
  const isModerator = policy.canModerate(membership);
  const after = decodeCursor(query.cursor);
  const load = async (forViewer: string | null) => {
    const rows = await groupFeed(deps.db, {
      groupId: group.id,
      viewerId: forViewer,
      isModerator,
      filters: {
        kind: query.kind,
        category: query.category,
        status: query.status,
        near: query.near,
        withinKm: query.within,
        isUnanswered: query.unanswered,
        q: query.q,
      },
      limit: query.limit + 1,
      after,
    });
    const ids = rows.slice(0, query.limit).map((row) => row.post.id);
    return { rows, extras: await extras.postExtras(deps.pool, ids, forViewer) };
  };
  const pageOf = (rows: Awaited<ReturnType<typeof groupFeed>>) => ({
    page: rows.slice(0, query.limit),
    nextCursor: rows.length > query.limit ? encodeCursor(rows[query.limit - 1]!.cursor) : null,
  });
  const whole = policy.canReadWhole(membership);
  const view = !whole ? 'summary' : isModerator ? 'moderator' : 'member';
  const shared = await deps.cache.get(
    group.id,
    `feed ${view} ${JSON.stringify(query)}`,
    async () => {
      const { rows, extras } = await load(null);
      const { page, nextCursor } = pageOf(rows);
      const items = await presentPosts(deps, {
        rows: page,
        group,
        membership,
        viewerId: null,
        extras,
      });
      const posts = items.map((item) => JSON.stringify(ZPost.encode(item)));
      const body = sharedBody(feedJson(posts, nextCursor));
      return { rows, extras, posts, body, serial: ++pagesLoaded };
    },
  );
  // The reader's own part in this very page, and their compressed copy of the page once made,
  // kept for them until they or the group change.
  let kept:
    | { mine: extras.Mine; packed: Partial<Record<Coding, Promise<Buffer | string>>> }
    | undefined;
  if (viewerId && whole) {
    const ids = [...shared.extras.keys()];
    // Kept for this very copy of the page: a copy loaded later (a change came in between) may
    // hold other posts.
    kept = await deps.access.keep(group.id, `mine ${shared.serial}`, viewerId, async () => ({
      mine: await extras.viewerMine(deps.pool, ids, viewerId, isModerator ? null : group.id),
      packed: {},
    }));
  }
  const mine = kept?.mine ?? extras.NO_MINE;
  if (mine.hasHeld) {
    const { rows, extras } = await load(viewerId);
    const { page, nextCursor } = pageOf(rows);
    const items = await presentPosts(deps, { rows: page, group, membership, viewerId, extras });
    return { page: { items, nextCursor } };
  }
  const { page, nextCursor } = pageOf(shared.rows);
  const hasPart = page.map(({ post }) =>
    extras.hasPart(post, shared.extras.get(post.id), mine, viewerId),
  );
  if (!hasPart.includes(true)) return { shared: shared.body };
  const ownPage = async () => {
    const own = await presentPosts(deps, {
      rows: page.filter((_, i) => hasPart[i]),
      group,
      membership,
      viewerId,
      extras: extras.withMine(shared.extras, mine),
    });
    const posts = shared.posts.map((cached, i) =>
      hasPart[i] ? JSON.stringify(ZPost.encode(own.shift()!)) : cached,
    );
    return feedJson(posts, nextCursor);
  };
  // A page with a part of the reader's in it is theirs. Compressed, like the shared one (an asker
  // or helper on a phone should not download eight times as much for taking part), once, by one
  // request (the others wait for it): the copy is kept with their part, so reading it again
  // presents nothing.
  const { coding } = options;
  if (coding && kept) {
    let packing = kept.packed[coding];
    if (!packing) {
      const entry = kept;
      // Kept as it is when too small to be worth compressing.
      packing = ownPage()
        .then((json) => packJson(json, coding) ?? json)
        .catch((error: unknown) => {
          delete entry.packed[coding];
          throw error;
        });
      entry.packed[coding] = packing;
    }
    const body = await packing;
    return typeof body === 'string' ? { json: body } : { packed: body, coding };
  }
  return { json: await ownPage() };
}
