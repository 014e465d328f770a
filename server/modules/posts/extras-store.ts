// What a list of posts shows beside the posts themselves, for the whole page in one round trip,
// and what one reader has done on them (laid over extras loaded for no one).
import type pg from 'pg';
import type { Post } from './types.ts';

const NO_ONE = '00000000-0000-0000-0000-000000000000';

/**
 * Everything a list of posts shows beside the posts themselves (author names, comment counts,
 * reactions, polls, the reader's vote, photos, whether a private record exists), in one
 * named statement for the whole page: one round trip, planned once per connection.
 */
const EXTRAS = `
SELECT p.id AS post_id,
  p.author_id,
  u.display_name AS author_name,
  (SELECT count(*)::int FROM comments c WHERE c.post_id = p.id AND c.removed_at IS NULL) AS comment_count,
  COALESCE((SELECT json_agg(json_build_object('kind', r.kind, 'count', r.n, 'isMine', r.mine))
    FROM (SELECT kind, count(*)::int AS n, bool_or(user_id = $2) AS mine
          FROM reactions WHERE post_id = p.id GROUP BY kind) r), '[]') AS reactions,
  COALESCE((SELECT json_agg(json_build_object('id', o.id, 'label', o.label, 'votes',
      (SELECT count(*)::int FROM poll_votes v WHERE v.post_id = p.id AND v.option_id = o.id))
      ORDER BY o.position)
    FROM poll_options o WHERE o.post_id = p.id), '[]') AS options,
  (SELECT v.option_id FROM poll_votes v WHERE v.post_id = p.id AND v.user_id = $2) AS my_vote,
  EXISTS (SELECT 1 FROM post_private pp WHERE pp.post_id = p.id) AS has_private,
  (SELECT m.helper_id FROM matches m WHERE m.post_id = p.id AND m.status IN ('accepted', 'done')) AS live_helper_id,
  (SELECT m.asker_id FROM matches m WHERE m.post_id = p.id AND m.status IN ('accepted', 'done')) AS live_asker_id,
  (SELECT m.id FROM matches m WHERE m.post_id = p.id AND m.status IN ('accepted', 'done')) AS live_match_id,
  (SELECT r.status FROM responses r WHERE r.post_id = p.id AND r.responder_id = $2) AS my_response,
  (SELECT count(*)::int FROM responses r WHERE r.post_id = p.id AND r.status <> 'withdrawn') AS response_count,
  (SELECT m.thank_you FROM matches m WHERE m.post_id = p.id AND m.status = 'confirmed'
     ORDER BY m.ended_at DESC LIMIT 1) AS thank_you,
  COALESCE((SELECT json_agg(json_build_object('id', ph.id, 'width', ph.width, 'height', ph.height)
      ORDER BY ph.position)
    FROM post_photos ph WHERE ph.post_id = p.id), '[]') AS photos
FROM posts p JOIN users u ON u.id = p.author_id
WHERE p.id = ANY($1::uuid[])`;

type ExtrasRow = {
  post_id: string;
  author_id: string;
  author_name: string;
  comment_count: number;
  reactions: Array<{ kind: string; count: number; isMine: boolean }>;
  options: Array<{ id: string; label: string; votes: number }>;
  my_vote: string | null;
  has_private: boolean;
  live_helper_id: string | null;
  live_asker_id: string | null;
  live_match_id: string | null;
  my_response: string | null;
  response_count: number;
  thank_you: string | null;
  photos: Array<{ id: string; width: number; height: number }>;
};

export type PostExtras = {
  authorName: string;
  commentCount: number;
  reactions: Array<{ kind: string; count: number; isMine: boolean }>;
  options: Array<{ id: string; label: string; votes: number }>;
  myVote: string | null;
  hasPrivate: boolean;
  /** The helper of the post's live match, if any: they may read its private record. */
  liveHelperId: string | null;
  liveAskerId: string | null;
  liveMatchId: string | null;
  myResponse: string | null;
  responseCount: number;
  thankYou: string | null;
  photos: Array<{ id: string; width: number; height: number }>;
};

/** A post with nothing beside it yet: no comments, reactions, poll votes, responses or match. */
export const NO_EXTRAS: Readonly<PostExtras> = {
  authorName: '',
  commentCount: 0,
  reactions: [],
  options: [],
  myVote: null,
  hasPrivate: false,
  liveHelperId: null,
  liveAskerId: null,
  liveMatchId: null,
  myResponse: null,
  responseCount: 0,
  thankYou: null,
  photos: [],
};

export async function postExtras(
  pool: Pick<pg.Pool, 'query'>,
  postIds: string[],
  viewerId: string | null,
): Promise<Map<string, PostExtras>> {
  if (postIds.length === 0) return new Map();
  const { rows } = await pool.query<ExtrasRow>({
    name: 'post_extras',
    text: EXTRAS,
    values: [postIds, viewerId ?? NO_ONE],
  });
  return new Map(
    rows.map((row) => [
      row.post_id,
      {
        authorName: row.author_name,
        commentCount: row.comment_count,
        reactions: row.reactions,
        options: row.options,
        myVote: row.my_vote,
        hasPrivate: row.has_private,
        liveHelperId: row.live_helper_id,
        liveAskerId: row.live_asker_id,
        liveMatchId: row.live_match_id,
        myResponse: row.my_response,
        responseCount: row.response_count,
        thankYou: row.thank_you,
        photos: row.photos,
      },
    ]),
  );
}

/**
 * What one reader has done on a list of posts (their reactions, poll vote and response), laid
 * over extras loaded for no one; and, given a group, whether they have posts there still held
 * for review (those only they see, so a list cached for everyone lacks them).
 */
const MINE = `
SELECT 'reaction' AS what, post_id, kind::text AS value FROM reactions
  WHERE post_id = ANY($1::uuid[]) AND user_id = $2
UNION ALL
SELECT 'vote', post_id, option_id::text FROM poll_votes
  WHERE post_id = ANY($1::uuid[]) AND user_id = $2
UNION ALL
SELECT 'response', post_id, status::text FROM responses
  WHERE post_id = ANY($1::uuid[]) AND responder_id = $2
UNION ALL
(SELECT 'held', id, NULL FROM posts
  WHERE group_id = $3 AND author_id = $2 AND is_held AND removed_at IS NULL LIMIT 1)`;

export type Mine = {
  hasHeld: boolean;
  byPost: Map<string, Array<{ what: string; value: string }>>;
};

/** A reader who has done nothing on the page, or no reader. */
export const NO_MINE: Readonly<Mine> = { hasHeld: false, byPost: new Map() };

/**
 * Whether the reader has a part in this post: its author, asker or helper, or a reaction, vote
 * or response of theirs (`mine`). Otherwise they see it exactly as anyone with their role does.
 * `extras` are the shared ones (loaded for no one).
 */
export function hasPart(
  post: Pick<Post, 'id' | 'authorId'>,
  extras: PostExtras | undefined,
  mine: Mine,
  viewerId: string | null,
) {
  if (viewerId === null) return false;
  return (
    post.authorId === viewerId ||
    extras?.liveHelperId === viewerId ||
    extras?.liveAskerId === viewerId ||
    mine.byPost.has(post.id)
  );
}

export async function viewerMine(
  pool: Pick<pg.Pool, 'query'>,
  postIds: string[],
  viewerId: string,
  heldInGroupId: string | null,
): Promise<Mine> {
  const { rows } = await pool.query<{ what: string; post_id: string; value: string }>({
    name: 'viewer_mine',
    text: MINE,
    values: [postIds, viewerId, heldInGroupId],
  });
  const mine: Mine = { hasHeld: false, byPost: new Map() };
  for (const row of rows) {
    if (row.what === 'held') {
      mine.hasHeld = true;
      continue;
    }
    const list = mine.byPost.get(row.post_id) ?? [];
    list.push({ what: row.what, value: row.value });
    mine.byPost.set(row.post_id, list);
  }
  return mine;
}

/** Extras loaded for no one, as this reader sees them. Never changes the shared (cached) ones. */
export function withMine(extras: Map<string, PostExtras>, mine: Mine): Map<string, PostExtras> {
  const out = new Map<string, PostExtras>();
  for (const [postId, shared] of extras) {
    const own = mine.byPost.get(postId) ?? [];
    const reacted = new Set(own.filter((o) => o.what === 'reaction').map((o) => o.value));
    out.set(postId, {
      ...shared,
      reactions: shared.reactions.map((r) => ({ ...r, isMine: reacted.has(r.kind) })),
      myVote: own.find((o) => o.what === 'vote')?.value ?? null,
      myResponse: own.find((o) => o.what === 'response')?.value ?? null,
    });
  }
  return out;
}
