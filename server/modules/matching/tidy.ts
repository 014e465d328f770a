// The board's bulk actions for the obvious cases: closing the asks whose date has passed with
// nobody helping, and reminding the helpers of quiet matches. Each acts on the asks the board
// shows (its filters too), writes the moderation log and tells each person, in one transaction.
import { sql } from 'drizzle-orm';
import type { TNotificationKind } from '../../../common/constants.ts';
import type { TBoardQuery } from '../../../common/matching.ts';
import type { Tx } from '../../db/client.ts';
import type { AppDeps } from '../../deps.ts';
import { forbidden } from '../../http/errors.ts';
import type { User } from '../accounts/types.ts';
import * as groupPolicy from '../groups/policy.ts';
import type { Group, Membership } from '../groups/types.ts';
import { logModeration } from '../moderation/log.ts';
import { notify } from '../notifications/notify.ts';
import { boardCards, isPastDateSql, isQuietSql } from './board.ts';

type Filters = Omit<TBoardQuery, 'sort'>;
type TidyOptions = {
  group: Group;
  membership: Membership | undefined;
  user: Pick<User, 'id'>;
  filters: Filters;
};

function requireModerator(membership: Membership | undefined) {
  if (!groupPolicy.canModerate(membership)) {
    throw forbidden('not-moderator', "Only the group's moderators can tidy the board.");
  }
}

/**
 * Closes, as expired, the board's asks (under its filters) whose date has passed with no live
 * match. Their askers are told, and can renew an ask that is still needed. Returns how many.
 */
export async function closePastDateAsks(deps: Pick<AppDeps, 'db'>, options: TidyOptions) {
  requireModerator(options.membership);
  const { group, user } = options;
  return deps.db.transaction(async (tx) => {
    const cards = await boardCards(tx, group, 'age', options.filters);
    const ids = cards.filter((card) => card.isPastDate).map((card) => card.post.id);
    if (ids.length === 0) return 0;
    const idList = `{${ids.join(',')}}`;
    // The asks are locked first, as making a match locks its ask: a match being made waits, or is
    // waited for. The next statement sees every match committed before the lock was had, and a
    // match tried after it finds its ask closed (lockPost), so no closed ask keeps a helper.
    await tx.execute(
      sql`SELECT 1 FROM posts WHERE id = ANY (${idList}::uuid[]) ORDER BY id FOR UPDATE`,
    );
    const { rows } = await tx.execute<{ id: string; author_id: string }>(sql`
      UPDATE posts p SET status = 'closed', closed_reason = 'expired', closed_at = now(), updated_at = now()
      WHERE p.id = ANY (${idList}::uuid[]) AND p.status = 'open' AND ${isPastDateSql}
        AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.post_id = p.id AND m.status IN ('accepted', 'done'))
      RETURNING p.id, p.author_id`);
    await tellEach(tx, rows, 'ask-expired', user.id, (row) => ({
      userId: row.author_id,
      postId: row.id,
    }));
    await logEach(tx, group, user, 'close-past-date', rows, (row) => ({
      postId: row.id,
      subjectId: row.author_id,
    }));
    return rows.length;
  });
}

/**
 * Reminds the helper of each quiet match on the board (under its filters) that their asker is
 * waiting to hear from them. A reminded match is quiet again only STALE_MATCH_DAYS later.
 */
export async function remindQuietHelpers(deps: Pick<AppDeps, 'db'>, options: TidyOptions) {
  requireModerator(options.membership);
  const { group, user } = options;
  return deps.db.transaction(async (tx) => {
    const cards = await boardCards(tx, group, 'age', options.filters);
    const ids = cards.filter((card) => card.isQuiet && card.match).map((card) => card.match?.id);
    if (ids.length === 0) return 0;
    const { rows } = await tx.execute<{ id: string; post_id: string; helper_id: string }>(sql`
      UPDATE matches m SET reminded_at = now()
      WHERE m.id = ANY (${`{${ids.join(',')}}`}::uuid[]) AND ${isQuietSql}
      RETURNING m.id, m.post_id, m.helper_id`);
    await tellEach(tx, rows, 'match-reminder', user.id, (row) => ({
      userId: row.helper_id,
      postId: row.post_id,
      matchId: row.id,
    }));
    await logEach(tx, group, user, 'remind-helper', rows, (row) => ({
      postId: row.post_id,
      subjectId: row.helper_id,
    }));
    return rows.length;
  });
}

async function tellEach<Row>(
  tx: Tx,
  rows: Row[],
  kind: TNotificationKind,
  actorId: string,
  about: (row: Row) => { userId: string; postId: string; matchId?: string },
) {
  for (const row of rows) {
    const { userId, ...what } = about(row);
    await notify(tx, { userIds: [userId], kind, actorId, ...what });
  }
}

async function logEach<Row>(
  tx: Tx,
  group: Group,
  user: Pick<User, 'id'>,
  action: 'close-past-date' | 'remind-helper',
  rows: Row[],
  about: (row: Row) => { postId: string; subjectId: string },
) {
  for (const row of rows) {
    await logModeration(tx, { groupId: group.id, actorId: user.id, action, ...about(row) });
  }
}
