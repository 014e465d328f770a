// New asks reach the helpers who could take them. The alerts job takes the open asks of the
// last hour that it has not decided (no row in ask_alerts; SKIP LOCKED on the post), finds the
// group's helpers whose profile fits (what they help with, within how far they travel: the
// nearest first, free now first), and tells each at most the group's number of asks a day, most
// urgent first. It records each ask it decided in ask_alerts, apart from posts, so that its
// bookkeeping drops no cached page. The alerts are notifications: they reach email and push by
// each person's own settings.
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { notify } from '../notifications/notify.ts';

/** Asks decided per run (the next run, woken or a minute later, takes the rest). */
const PER_RUN = 200;
/** Helpers alerted per ask at most: the best placed who fit, not the whole group. */
export const ALERTS_PER_ASK = 10;
/** Nearest helpers who do this kind of help looked at per ask, before reach and the limit. */
const CANDIDATES_PER_ASK = 30;
/**
 * Asks older than this when the job first sees them alert nobody: after an outage, or asks
 * loaded in bulk (an import, a seed), helpers hear about what is new, not about last week.
 */
const FRESH_MINUTES = 60;

type Ask = {
  id: string;
  group_id: string;
  author_id: string;
  per_day: number;
  urgency: string | null;
  created_at: string;
};
type Candidate = { post_id: string; user_id: string; km: number | null; travel_km: number | null };

/** Decides every new ask waiting (up to a bound); returns how many alerts it wrote. */
export async function alertNewAsks(db: Db) {
  return db.transaction(async (tx) => {
    // The same predicate as posts_unanswered_idx: an ask under an hour old is not yet brought to
    // moderators as unanswered (the least threshold is an hour), so the index holds every one.
    const { rows: asks } = await tx.execute<Ask>(sql`
      SELECT p.id, p.group_id, p.author_id, g.ask_alerts_per_day AS per_day, p.urgency,
             p.created_at
      FROM posts p JOIN groups g ON g.id = p.group_id
      WHERE p.kind = 'ask' AND p.status = 'open' AND p.unanswered_alerted_at IS NULL
        AND p.created_at > now() - make_interval(mins => ${FRESH_MINUTES})
        AND NOT EXISTS (SELECT 1 FROM ask_alerts a WHERE a.post_id = p.id)
      ORDER BY p.created_at
      LIMIT ${PER_RUN}
      FOR NO KEY UPDATE OF p SKIP LOCKED`);
    if (asks.length === 0) return 0;
    await tx.execute(sql`
      INSERT INTO ask_alerts (post_id)
      SELECT unnest(${`{${asks.map((ask) => ask.id).join(',')}}`}::uuid[])
      ON CONFLICT DO NOTHING`);
    const due = asks
      .filter((ask) => ask.per_day > 0)
      .sort(
        (a, b) =>
          urgencyRank(a) - urgencyRank(b) ||
          new Date(a.created_at).getTime() - new Date(b.created_at).getTime(),
      );
    if (due.length === 0) return 0;

    const candidates = await candidatesFor(
      tx,
      due.map((ask) => ask.id),
    );
    const people = [...new Set(candidates.map((row) => row.user_id))];
    if (people.length === 0) return 0;
    // How many new asks each candidate heard about in the last day, across groups.
    const { rows: counts } = await tx.execute<{ user_id: string; count: number }>(sql`
      SELECT user_id, count(*)::int AS count FROM notifications
      WHERE user_id = ANY (${`{${people.join(',')}}`}::uuid[]) AND kind = 'new-ask'
        AND created_at > now() - interval '1 day'
      GROUP BY user_id`);
    const heard = new Map(counts.map((row) => [row.user_id, row.count]));

    let written = 0;
    for (const ask of due) {
      const chosen = candidates
        .filter((row) => row.post_id === ask.id && isWithinReach(row))
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

/**
 * For each ask, the nearest helpers of its group who do this kind of help (the board's own
 * GiST index on group and place), active members, free now first, then nearest: one query for
 * the whole run, a bounded scan per ask whatever the number of profiles.
 */
async function candidatesFor(tx: Tx, postIds: string[]) {
  const { rows } = await tx.execute<Candidate>(sql`
    SELECT p.id AS post_id, c.user_id, c.km, c.travel_km
    FROM posts p
    JOIN groups g ON g.id = p.group_id
    CROSS JOIN LATERAL (
      SELECT hp.user_id, hp.travel_km,
        coalesce(hp.available_until > now(), false) AS free_now,
        CASE WHEN hp.latitude IS NOT NULL AND p.latitude IS NOT NULL
          THEN earth_distance(ll_to_earth(hp.latitude, hp.longitude),
                              ll_to_earth(p.latitude, p.longitude)) / 1000
        END AS km
      FROM helper_profiles hp
      WHERE hp.group_id = p.group_id AND hp.user_id <> p.author_id
        AND p.category = ANY (hp.categories)
      ORDER BY ll_to_earth(hp.latitude, hp.longitude)
        <-> ll_to_earth(coalesce(p.latitude, g.latitude), coalesce(p.longitude, g.longitude))
      LIMIT ${CANDIDATES_PER_ASK}
    ) c
    WHERE p.id = ANY (${`{${postIds.join(',')}}`}::uuid[])
      AND NOT p.is_held AND p.removed_at IS NULL
      AND EXISTS (SELECT 1 FROM memberships ms WHERE ms.group_id = p.group_id
                    AND ms.user_id = c.user_id AND ms.status = 'active')
    ORDER BY p.id, c.free_now DESC, c.km NULLS LAST`);
  return rows;
}

/** Asks needed today first, then this week, then whenever. */
function urgencyRank(ask: { urgency: string | null }) {
  return ask.urgency === 'today' ? 0 : ask.urgency === 'this-week' ? 1 : 2;
}

/** A helper whose rough place is known is within how far they said they travel. */
function isWithinReach(row: { km: number | null; travel_km: number | null }) {
  return row.km === null || row.travel_km === null || Number(row.km) <= Number(row.travel_km);
}
