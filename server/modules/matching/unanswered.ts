// A scheduled job: an ask that has waited longer than its group's threshold with nobody offering
// to help is brought to the group's moderators, once per ask.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { tellModerators } from './tell-moderators.ts';

/** At most this many asks per run; the rest wait for the next run (every few minutes). */
const PER_RUN = 500;
/**
 * An ask older than its threshold by more than this is not brought up any more: after a long
 * outage moderators get today's asks, not a month of them (the board still shows them as late).
 */
const LOOK_BACK_DAYS = 7;

/**
 * Tells each group's moderators and admins about its open asks that nobody has responded to
 * within `unanswered_alert_hours`, and marks each ask so it is told once. The ask's own author
 * (a moderator who posted it) is not told. Returns how many asks were brought up.
 */
export async function alertUnansweredAsks(db: Db) {
  return db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ id: string; group_id: string; author_id: string }>(sql`
      UPDATE posts SET unanswered_alerted_at = now()
      WHERE id IN (
        SELECT p.id FROM posts p JOIN groups g ON g.id = p.group_id
        WHERE p.kind = 'ask' AND p.status = 'open' AND p.unanswered_alerted_at IS NULL
          AND p.removed_at IS NULL AND (p.expires_at IS NULL OR p.expires_at > now())
          AND p.created_at < now() - make_interval(hours => g.unanswered_alert_hours)
          AND p.created_at > now() - make_interval(hours => g.unanswered_alert_hours, days => ${LOOK_BACK_DAYS})
          AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.post_id = p.id AND r.status <> 'withdrawn')
          AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.post_id = p.id AND m.status IN ('accepted', 'done'))
        ORDER BY p.created_at
        LIMIT ${PER_RUN}
        -- Two instances never bring up the same ask.
        FOR UPDATE OF p SKIP LOCKED
      )
      RETURNING id, group_id, author_id`);
    if (rows.length === 0) return 0;
    await tellModerators(
      tx,
      'unanswered-ask',
      rows.map((ask) => ({ groupId: ask.group_id, postId: ask.id, exceptId: ask.author_id })),
    );
    return rows.length;
  });
}
