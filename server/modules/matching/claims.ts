import { sql } from 'drizzle-orm';
import { BOARD_CLAIM_MINUTES } from '../../../common/constants.ts';
import type { AppDeps } from '../../deps.ts';
import { conflict, forbidden } from '../../http/errors.ts';
import type { User } from '../accounts/types.ts';
import * as groupPolicy from '../groups/policy.ts';
import { isOpen } from '../posts/status.ts';
import type { LoadedPost } from '../posts/types.ts';

const moderatorsOnly = () =>
  forbidden('not-moderator', "Only the group's moderators can handle asks on the board.");

/**
 * "I'm handling this": claims an open ask for this moderator, or renews their own claim. Taken
 * from nobody: while another moderator's claim holds it, the answer is 409. It lapses after
 * `BOARD_CLAIM_MINUTES` by itself, so an ask is never stuck with someone who went home.
 */
export async function claimAsk(
  deps: Pick<AppDeps, 'db'>,
  options: { loaded: LoadedPost; user: Pick<User, 'id' | 'displayName'> },
) {
  const { post, membership } = options.loaded;
  if (!groupPolicy.canModerate(membership)) throw moderatorsOnly();
  if (post.kind !== 'ask' || !isOpen(post)) {
    throw conflict('post-closed', 'Only an open ask can be claimed.');
  }
  const until = new Date(Date.now() + BOARD_CLAIM_MINUTES * 60_000);
  const { rows } = await deps.db.execute<{ user_id: string }>(sql`
    INSERT INTO board_claims (post_id, user_id, expires_at)
    VALUES (${post.id}, ${options.user.id}, ${until.toISOString()})
    ON CONFLICT (post_id) DO UPDATE
      SET user_id = EXCLUDED.user_id, claimed_at = now(), expires_at = EXCLUDED.expires_at
      WHERE board_claims.user_id = EXCLUDED.user_id OR board_claims.expires_at <= now()
    RETURNING user_id`);
  if (rows.length === 0) {
    throw conflict('claimed-by-other', 'Another moderator is handling this ask.');
  }
  return {
    by: { id: options.user.id, displayName: options.user.displayName },
    until: until.toISOString(),
  };
}

/** Lets go of this moderator's own claim (someone else's is left alone; it lapses by itself). */
export async function releaseAsk(
  deps: Pick<AppDeps, 'db'>,
  options: { loaded: LoadedPost; user: Pick<User, 'id'> },
) {
  if (!groupPolicy.canModerate(options.loaded.membership)) throw moderatorsOnly();
  await deps.db.execute(sql`
    DELETE FROM board_claims WHERE post_id = ${options.loaded.post.id} AND user_id = ${options.user.id}`);
}
