// New asks reach the helpers who could take them. A new ask is its own outbox (`ask_alerts_at`
// empty): the alerts job takes waiting asks with SKIP LOCKED, ranks the group's helpers as the
// board's suggestions do, keeps those whose profile fits (what they help with, within how far
// they travel), and tells each at most the group's number of asks a day, most urgent first. The
// alerts are notifications, so they reach email and push by the person's own settings.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notify } from '../notifications/notify.ts';
import { rankHelpers } from './board.ts';

/** Asks decided per run (the next run, woken or a minute later, takes the rest). */
const PER_RUN = 200;
/** Helpers alerted per ask at most: the best-ranked who fit, not the whole group. */
export const ALERTS_PER_ASK = 10;
/** Helpers ranked per ask before the fit and the daily limit are applied. */
const RANKED_PER_ASK = 30;
/**
 * Asks older than this when the job first sees them alert nobody: after an outage, or asks
 * loaded in bulk (an import, a seed), helpers hear about what is new, not about last week.
 */
const FRESH_MINUTES = 60;

/** Decides every new ask waiting (up to a bound); returns how many alerts it wrote. */
export async function alertNewAsks(db: Db) {
  return db.transaction(async (tx) => {
    // Taken and marked at once; a run that fails rolls back and leaves them for the next.
    const { rows: asks } = await tx.execute<{
      id: string;
      group_id: string;
      author_id: string;
      per_day: number;
      is_open: boolean;
      urgency: string | null;
      created_at: string;
    }>(sql`
      UPDATE posts p SET ask_alerts_at = now()
      FROM groups g
      WHERE g.id = p.group_id AND p.id IN (
        SELECT id FROM posts
        WHERE kind = 'ask' AND ask_alerts_at IS NULL
        ORDER BY created_at
        LIMIT ${PER_RUN}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING p.id, p.group_id, p.author_id, g.ask_alerts_per_day AS per_day,
        (p.status = 'open' AND p.removed_at IS NULL AND NOT p.is_held
          AND p.created_at > now() - make_interval(mins => ${FRESH_MINUTES})) AS is_open,
        p.urgency, p.created_at`);
    const due = asks
      .filter((ask) => ask.is_open && ask.per_day > 0)
      .sort(
        (a, b) =>
          urgencyRank(a) - urgencyRank(b) ||
          new Date(a.created_at).getTime() - new Date(b.created_at).getTime(),
      );
    if (due.length === 0) return 0;

    const ranked = await rankHelpers(
      tx,
      due.map((ask) => ask.id),
      RANKED_PER_ASK,
    );
    const candidates = [...new Set(ranked.map((row) => row.user_id))];
    // How many new asks each candidate heard about in the last day, across groups.
    const { rows: counts } = await tx.execute<{ user_id: string; count: number }>(sql`
      SELECT user_id, count(*)::int AS count FROM notifications
      WHERE user_id = ANY (${`{${candidates.join(',')}}`}::uuid[]) AND kind = 'new-ask'
        AND created_at > now() - interval '1 day'
      GROUP BY user_id`);
    const heard = new Map(counts.map((row) => [row.user_id, row.count]));

    let written = 0;
    for (const ask of due) {
      const chosen = ranked
        .filter((row) => row.post_id === ask.id)
        .filter((row) => row.fits && isWithinReach(row))
        .filter((row) => (heard.get(row.user_id) ?? 0) < ask.per_day)
        .slice(0, ALERTS_PER_ASK)
        .map((row) => row.user_id);
      for (const id of chosen) heard.set(id, (heard.get(id) ?? 0) + 1);
      await notify(tx, {
        userIds: chosen,
        kind: 'new-ask',
        actorId: ask.author_id,
        postId: ask.id,
        groupId: ask.group_id,
      });
      written += chosen.length;
    }
    return written;
  });
}

/** Asks needed today first, then this week, then whenever. */
function urgencyRank(ask: { urgency: string | null }) {
  return ask.urgency === 'today' ? 0 : ask.urgency === 'this-week' ? 1 : 2;
}

/** A helper whose rough place is known is within how far they said they travel. */
function isWithinReach(row: { km: number | null; travel_km: number | null }) {
  return row.km === null || row.travel_km === null || Number(row.km) <= Number(row.travel_km);
}
