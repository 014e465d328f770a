import { sql } from 'drizzle-orm';
import { STALE_MATCH_DAYS } from '../../../common/constants.ts';
import type { TBoardCard, TBoardQuery, TSuggestion } from '../../../common/matching.ts';
import type { Db, Tx } from '../../db/client.ts';
import type { Group } from '../groups/types.ts';

/**
 * The day an ask was needed by is over everywhere on Earth (the last time zone is UTC−12), so
 * an ask is never called late while its own day is still going where it was posted.
 */
export const isPastDateSql = sql`(p.needed_by < ((now() AT TIME ZONE 'UTC') - interval '12 hours')::date)`;

/**
 * A match still waiting for its helper, with nothing new (a message, a step, a reminder) for
 * STALE_MATCH_DAYS. `greatest` skips the NULLs of a match with no message yet.
 */
export const isQuietSql = sql`(m.status = 'accepted' AND greatest(
    m.created_at, m.reminded_at,
    (SELECT max(mm.created_at) FROM match_messages mm WHERE mm.match_id = m.id),
    (SELECT max(e.created_at) FROM match_events e WHERE e.match_id = m.id)
  ) < now() - make_interval(days => ${STALE_MATCH_DAYS}))`;

type CardRow = {
  id: string;
  title: string;
  category: string | null;
  urgency: 'today' | 'this-week' | 'flexible' | null;
  location_name: string;
  created_at: Date;
  is_held: boolean;
  status: string;
  pending_responses: number;
  all_responses: number;
  match_id: string | null;
  match_status: 'accepted' | 'done' | 'confirmed' | 'closed' | 'withdrawn' | 'reassigned' | null;
  helper_id: string | null;
  helper_name: string | null;
  has_messages: boolean;
  claim_user_id: string | null;
  claim_user_name: string | null;
  claim_expires_at: Date | null;
  is_past_date: boolean;
  is_quiet: boolean;
};

/** The board's filters as SQL conditions on the ask `p` and its author `a`. */
function filtersOf(query: Omit<TBoardQuery, 'sort'>) {
  const conditions = [];
  if (query.q) {
    const words = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      sql`(kindred_unaccent(p.title) ILIKE kindred_unaccent(${words}) OR kindred_unaccent(p.location_name) ILIKE kindred_unaccent(${words}))`,
    );
  }
  if (query.category) conditions.push(sql`p.category = ${query.category}`);
  if (query.urgency) conditions.push(sql`p.urgency = ${query.urgency}`);
  if (query.area) {
    conditions.push(sql`kindred_unaccent(p.location_name) ILIKE kindred_unaccent(${query.area})`);
  }
  if (query.language) conditions.push(sql`${query.language} = ANY (a.languages)`);
  if (query.unanswered) {
    conditions.push(
      sql`NOT EXISTS (SELECT 1 FROM responses r WHERE r.post_id = p.id AND r.status <> 'withdrawn')`,
    );
  }
  return conditions.length === 0 ? sql`` : sql` AND ${sql.join(conditions, sql` AND `)}`;
}

/**
 * The moderators' board: a group's open asks and this week's finished ones, each in its column
 * (new, waiting for a helper, matched, in progress, done this week).
 */
export async function boardCards(
  db: Db | Tx,
  group: Group,
  sort: 'urgency' | 'age',
  filters: Omit<TBoardQuery, 'sort'> = {},
) {
  const { rows } = await db.execute<CardRow>(sql`
    SELECT p.id, p.title, p.category, p.urgency, p.location_name, p.created_at, p.is_held, p.status,
      (SELECT count(*)::int FROM responses r WHERE r.post_id = p.id AND r.status = 'pending') AS pending_responses,
      (SELECT count(*)::int FROM responses r WHERE r.post_id = p.id AND r.status <> 'withdrawn') AS all_responses,
      m.id AS match_id, m.status AS match_status, m.helper_id, h.display_name AS helper_name,
      EXISTS (SELECT 1 FROM match_messages mm WHERE mm.match_id = m.id) AS has_messages,
      c.user_id AS claim_user_id, cu.display_name AS claim_user_name, c.expires_at AS claim_expires_at,
      coalesce(${isPastDateSql}, false) AS is_past_date, coalesce(${isQuietSql}, false) AS is_quiet
    FROM posts p
    JOIN users a ON a.id = p.author_id
    LEFT JOIN LATERAL (
      SELECT * FROM matches m WHERE m.post_id = p.id
      ORDER BY (m.status IN ('accepted', 'done')) DESC, m.created_at DESC LIMIT 1
    ) m ON true
    LEFT JOIN users h ON h.id = m.helper_id
    LEFT JOIN board_claims c ON c.post_id = p.id AND c.expires_at > now()
    LEFT JOIN users cu ON cu.id = c.user_id
    WHERE p.group_id = ${group.id} AND p.kind = 'ask' AND p.removed_at IS NULL${filtersOf(filters)}
      AND (
        (p.status = 'open' AND (p.expires_at IS NULL OR p.expires_at > now()))
        OR (m.status IN ('confirmed', 'closed') AND m.ended_at > now() - interval '7 days')
      )
    LIMIT 2000`);
  const now = Date.now();
  const urgencyRank = { today: 0, 'this-week': 1, flexible: 2 } as const;
  const cards = rows.map((row): Omit<TBoardCard, 'suggestions'> => {
    const ageHours = Math.floor((now - new Date(row.created_at).getTime()) / 3_600_000);
    const isLive = row.match_status === 'accepted' || row.match_status === 'done';
    const column: TBoardCard['column'] =
      row.match_status === 'confirmed' || row.match_status === 'closed'
        ? 'done'
        : isLive
          ? row.match_status === 'done' || row.has_messages
            ? 'in-progress'
            : 'matched'
          : row.pending_responses > 0
            ? 'waiting'
            : 'new';
    return {
      post: {
        id: row.id,
        title: row.title,
        category: row.category,
        urgency: row.urgency,
        locationName: row.location_name,
        createdAt: new Date(row.created_at).toISOString(),
        isHeld: row.is_held,
      },
      column,
      ageHours,
      pendingResponses: row.pending_responses,
      isStale:
        !isLive &&
        column !== 'done' &&
        row.all_responses === 0 &&
        ageHours >= group.unansweredAlertHours,
      isPastDate: row.is_past_date && !isLive && column !== 'done',
      isQuiet: row.is_quiet,
      // Only while the ask still needs someone: once matched, the match says who has it.
      claim:
        row.claim_user_id && row.claim_expires_at && !isLive && column !== 'done'
          ? {
              by: { id: row.claim_user_id, displayName: row.claim_user_name ?? '' },
              until: new Date(row.claim_expires_at).toISOString(),
            }
          : null,
      match:
        row.match_id && row.helper_id && row.match_status
          ? {
              id: row.match_id,
              status: row.match_status,
              helper: { id: row.helper_id, displayName: row.helper_name ?? '' },
            }
          : null,
    };
  });
  return cards.sort((a, b) => {
    if (sort === 'urgency') {
      const byUrgency =
        (a.post.urgency ? urgencyRank[a.post.urgency] : 3) -
        (b.post.urgency ? urgencyRank[b.post.urgency] : 3);
      if (byUrgency !== 0) return byUrgency;
    }
    return a.post.createdAt < b.post.createdAt ? -1 : 1;
  });
}

type SuggestionRow = {
  post_id: string;
  user_id: string;
  display_name: string;
  fits: boolean;
  km: number | null;
  free_now: boolean;
  shared_language: string | null;
  load: number;
  last_done: Date | null;
  score: number;
};

/**
 * Suggested helpers for asks, best first: category fit, distance between approximate places
 * (within how far they travel), free now, a shared language, fewer tasks in hand, and not
 * having helped in the last week (so the work spreads). One query for every ask on the board.
 */
export async function suggestHelpers(db: Db, postIds: string[], perAsk = 3) {
  if (postIds.length === 0) return new Map<string, TSuggestion[]>();
  const { rows } = await db.execute<SuggestionRow>(sql`
    SELECT p.id AS post_id, s.*
    FROM posts p
    JOIN users asker ON asker.id = p.author_id
    JOIN groups g ON g.id = p.group_id
    -- Where to measure from: the ask's rough place, else the group's centre.
    CROSS JOIN LATERAL (
      SELECT coalesce(p.latitude, g.latitude) AS latitude, coalesce(p.longitude, g.longitude) AS longitude
    ) here
    CROSS JOIN LATERAL (
      SELECT x.*,
        (CASE WHEN x.fits THEN 40 ELSE 0 END)
        + (CASE WHEN x.km IS NULL THEN 0 ELSE greatest(0, 30 - x.km * 3) END)
        - (CASE WHEN x.km IS NOT NULL AND x.travel_km IS NOT NULL AND x.km > x.travel_km THEN 30 ELSE 0 END)
        + (CASE WHEN x.free_now THEN 15 ELSE 0 END)
        + (CASE WHEN x.shared_language IS NOT NULL THEN 10 ELSE 0 END)
        - 10 * x.load
        + (CASE WHEN x.last_done IS NULL OR x.last_done < now() - interval '7 days' THEN 5 ELSE 0 END)
        AS score
      FROM (
        SELECT hp.user_id, u.display_name, hp.travel_km,
          coalesce(p.category = ANY (hp.categories), false) AS fits,
          CASE WHEN hp.latitude IS NOT NULL AND p.latitude IS NOT NULL
            THEN earth_distance(ll_to_earth(hp.latitude, hp.longitude), ll_to_earth(p.latitude, p.longitude)) / 1000
          END AS km,
          coalesce(hp.available_until > now(), false) AS free_now,
          (SELECT l FROM unnest(hp.languages) l WHERE l = ANY (asker.languages) LIMIT 1) AS shared_language,
          (SELECT count(*)::int FROM matches m WHERE m.helper_id = hp.user_id AND m.status IN ('accepted', 'done')) AS load,
          (SELECT max(m.ended_at) FROM matches m WHERE m.helper_id = hp.user_id AND m.status IN ('confirmed', 'closed')) AS last_done
        FROM (
          -- Candidates: the nearest helpers who do this kind of help, and the nearest of all
          -- (GiST KNN on group and place), so 50,000 profiles never get scored one by one.
          (SELECT c.* FROM helper_profiles c
            WHERE c.group_id = p.group_id AND c.user_id <> p.author_id AND p.category = ANY (c.categories)
            ORDER BY ll_to_earth(c.latitude, c.longitude) <-> ll_to_earth(here.latitude, here.longitude)
            LIMIT 60)
          UNION
          (SELECT c.* FROM helper_profiles c
            WHERE c.group_id = p.group_id AND c.user_id <> p.author_id
            ORDER BY ll_to_earth(c.latitude, c.longitude) <-> ll_to_earth(here.latitude, here.longitude)
            LIMIT 40)
        ) hp
        JOIN users u ON u.id = hp.user_id
        -- Still an active member: a probe of the primary key per candidate, never a scan.
        WHERE EXISTS (SELECT 1 FROM memberships ms WHERE ms.group_id = hp.group_id
                        AND ms.user_id = hp.user_id AND ms.status = 'active')
        -- A fence: each candidate's distance and counts are computed once, not again per use.
        OFFSET 0
      ) x
      ORDER BY score DESC, x.km NULLS LAST, x.display_name
      LIMIT ${perAsk}
    ) s
    WHERE p.id = ANY (${`{${postIds.join(',')}}`}::uuid[])`);
  const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
  const bySuggestion = new Map<string, TSuggestion[]>();
  for (const row of rows) {
    const km = row.km === null ? null : Math.round(Number(row.km) * 10) / 10;
    const reasons = [
      km === null ? null : `${km} km`,
      row.fits ? 'helps with this' : null,
      row.free_now ? 'free now' : null,
      row.shared_language
        ? `speaks ${languageNames.of(row.shared_language) ?? row.shared_language}`
        : null,
      `${row.load} active task${row.load === 1 ? '' : 's'}`,
    ].filter(Boolean);
    const list = bySuggestion.get(row.post_id) ?? [];
    list.push({
      helper: { id: row.user_id, displayName: row.display_name },
      score: Math.round(Number(row.score)),
      fitsCategory: row.fits,
      distanceKm: km,
      isFreeNow: row.free_now,
      sharedLanguage: row.shared_language,
      activeTasks: row.load,
      lastCompletedAt: row.last_done ? new Date(row.last_done).toISOString() : null,
      summary: reasons.join(' · '),
    });
    bySuggestion.set(row.post_id, list);
  }
  return bySuggestion;
}
