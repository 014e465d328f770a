// The benchmark's scenarios, built from whatever the database was seeded with: the busiest
// groups, a member and a moderator of each, their newest posts, open asks and live matches.
import type pg from 'pg';
import type { Deps } from '../server/deps.ts';
import { sessionCookieName } from '../server/http/auth.ts';
import { createAccessToken } from '../server/modules/accounts/access-tokens.ts';
import { startSession } from '../server/modules/accounts/sessions.ts';
import type { RequestSpec } from './support.ts';

export type Scenario = {
  name: string;
  /** `mixed`: reads with writes among them; only errors are budgeted. */
  kind: 'read' | 'write' | 'mixed';
  requests: RequestSpec[];
  /** Reads whose p99 has its own budget (issue 6: feed and post page under 50 ms). */
  p99Budget?: number;
  /** Each request at most once: a response or a post cannot be repeated as it is. */
  once?: boolean;
};

const WORDS = ['groceries', 'pharmacy', 'lift', 'bike', 'diapers', 'soup', 'taxes', 'garden'];
const GROUPS = 20;
/** What every browser sends with a page's requests: Kindred may answer compressed. */
const BROWSER = { 'accept-encoding': 'gzip, deflate, br, zstd' };

type GroupRow = {
  id: string;
  slug: string;
  latitude: number;
  longitude: number;
  member: string;
  moderator: string;
};

export async function buildScenarios(
  pool: pg.Pool,
  deps: Pick<Deps, 'db' | 'secret' | 'config'>,
): Promise<Scenario[]> {
  const groups = (
    await pool.query<GroupRow>(
      `SELECT g.id, g.slug, g.latitude, g.longitude,
              (SELECT user_id FROM memberships m WHERE m.group_id = g.id AND m.status = 'active'
                 AND m.role = 'member' ORDER BY user_id LIMIT 1) AS member,
              (SELECT user_id FROM memberships m WHERE m.group_id = g.id AND m.status = 'active'
                 AND m.role IN ('moderator', 'admin') ORDER BY role DESC, user_id LIMIT 1) AS moderator
         FROM groups g
         JOIN (SELECT group_id, count(*) AS n FROM posts GROUP BY group_id) p ON p.group_id = g.id
        WHERE g.kind = 'group'
        ORDER BY p.n DESC, g.slug LIMIT $1`,
      [GROUPS],
    )
  ).rows.filter((g) => g.member && g.moderator);
  if (groups.length === 0)
    throw new Error('No group with posts, members and a moderator: seed first.');
  const groupIds = groups.map((g) => g.id);
  const byId = new Map(groups.map((g) => [g.id, g]));

  const cookieName = sessionCookieName(deps.config);
  const cookies = new Map<string, string>();
  const cookieFor = async (userId: string) => {
    let cookie = cookies.get(userId);
    if (!cookie) {
      cookie = `${cookieName}=${await startSession(deps, deps.db, userId)}`;
      cookies.set(userId, cookie);
    }
    return { cookie };
  };
  const tokens = new Map<string, string>();
  const bearerFor = async (userId: string) => {
    let token = tokens.get(userId);
    if (!token) {
      token = (await createAccessToken(deps, { userId, name: 'bench' })).token;
      tokens.set(userId, token);
    }
    return { authorization: `Bearer ${token}` };
  };

  const posts = (
    await pool.query<{ id: string; group_id: string }>(
      `SELECT id, group_id FROM (
         SELECT id, group_id, row_number() OVER (PARTITION BY group_id ORDER BY created_at DESC) AS n
           FROM posts WHERE group_id = ANY($1) AND removed_at IS NULL AND NOT is_held) p
        WHERE n <= $2`,
      [groupIds, Math.ceil(200 / groups.length)],
    )
  ).rows;
  const openAsks = (
    await pool.query<{ id: string; group_id: string; author_id: string }>(
      `SELECT id, group_id, author_id FROM (
         SELECT p.id, p.group_id, p.author_id,
                row_number() OVER (PARTITION BY p.group_id ORDER BY p.created_at DESC) AS n
           FROM posts p
          WHERE p.group_id = ANY($1) AND p.kind = 'ask' AND p.status = 'open'
            AND p.removed_at IS NULL AND NOT p.is_held
            AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.post_id = p.id
                              AND m.status IN ('accepted', 'done'))) a
        WHERE n <= $2`,
      [groupIds, Math.ceil(400 / groups.length)],
    )
  ).rows;
  // Members who may respond: people of each group with no response on its asks yet.
  const responders = (
    await pool.query<{ group_id: string; user_id: string }>(
      `SELECT group_id, user_id FROM (
         SELECT m.group_id, m.user_id, row_number() OVER (PARTITION BY m.group_id ORDER BY m.user_id DESC) AS n
           FROM memberships m WHERE m.group_id = ANY($1) AND m.status = 'active'
            AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.responder_id = m.user_id)) x
        WHERE n <= $2`,
      [groupIds, Math.ceil(2_000 / groups.length)],
    )
  ).rows;
  const liveMatches = (
    await pool.query<{ id: string; asker_id: string; helper_id: string }>(
      `SELECT m.id, m.asker_id, m.helper_id FROM matches m JOIN posts p ON p.id = m.post_id
        WHERE p.group_id = ANY($1) AND m.status = 'accepted' ORDER BY m.created_at DESC LIMIT 100`,
      [groupIds],
    )
  ).rows;

  const scenarios: Scenario[] = [];
  const read = async (
    name: string,
    items: Array<{ path: string; userId: string | null }>,
    p99Budget?: number,
  ) => {
    const requests: RequestSpec[] = [];
    for (const item of items) {
      requests.push({
        path: item.path,
        headers: { ...BROWSER, ...(item.userId ? await cookieFor(item.userId) : {}) },
      });
    }
    scenarios.push({ name, kind: 'read', requests, ...(p99Budget ? { p99Budget } : {}) });
  };

  await read(
    'group feed',
    groups.map((g) => ({ path: `/api/v1/groups/${g.slug}/posts`, userId: g.member })),
    50,
  );
  await read(
    'post page',
    posts.map((p) => ({ path: `/api/v1/posts/${p.id}`, userId: byId.get(p.group_id)!.member })),
    50,
  );
  await read(
    'near me',
    groups.map((g) => ({
      path: `/api/v1/posts/near?near=${g.latitude.toFixed(4)},${g.longitude.toFixed(4)}&within=5`,
      userId: g.member,
    })),
  );
  await read(
    'search',
    groups.flatMap((g) =>
      WORDS.map((word) => ({
        path: `/api/v1/groups/${g.slug}/posts?q=${word}&status=all`,
        userId: g.member,
      })),
    ),
  );
  // Nearest groups from points spread over southern Canada, no sign-in (the public directory).
  await read(
    'nearest groups',
    Array.from({ length: 100 }, (_, i) => ({
      path: `/api/v1/groups?near=${(43 + ((i * 37) % 100) / 10).toFixed(2)},${(-123 + ((i * 53) % 600) / 10).toFixed(2)}`,
      userId: null,
    })),
  );
  await read(
    'suggested helpers',
    openAsks.slice(0, 200).map((a) => ({
      path: `/api/v1/posts/${a.id}/suggestions?limit=3`,
      userId: byId.get(a.group_id)!.moderator,
    })),
  );
  await read(
    'dispatch board',
    groups.map((g) => ({ path: `/api/v1/groups/${g.slug}/board`, userId: g.moderator })),
  );
  await read(
    'GET /api/v1/me',
    groups.map((g) => ({ path: '/api/v1/me', userId: g.member })),
  );

  // The feed while members react: nine feed pages to one reaction put on or taken off a post
  // on that page, so the cached page is dropped and rebuilt all through the run.
  const mixed: RequestSpec[] = [];
  for (const g of groups) {
    const feed = {
      path: `/api/v1/groups/${g.slug}/posts`,
      headers: { ...BROWSER, ...(await cookieFor(g.member)) },
    };
    const auth = await bearerFor(g.member);
    for (const post of posts.filter((p) => p.group_id === g.id).slice(0, 5)) {
      for (const method of ['PUT', 'DELETE'] as const) {
        for (let i = 0; i < 9; i++) mixed.push(feed);
        mixed.push({ method, path: `/api/v1/posts/${post.id}/reactions/heart`, headers: auth });
      }
    }
  }
  scenarios.push({ name: 'group feed while members react (9:1)', kind: 'mixed', requests: mixed });

  // Writes, with bearer tokens as scripts and the phone line's tools would use.
  // Posting is limited to 60 an hour per person (spam), so the asks come from many members.
  const askRequests: RequestSpec[] = [];
  const slugOf = new Map(groups.map((g) => [g.id, g.slug]));
  const posters = [...new Map(responders.map((r) => [r.user_id, r])).values()].slice(0, 500);
  for (const [i, person] of posters.entries()) {
    const headers = await bearerFor(person.user_id);
    for (let n = 0; n < 50; n++) {
      askRequests.push({
        method: 'POST',
        path: `/api/v1/groups/${slugOf.get(person.group_id)}/posts`,
        headers,
        body: JSON.stringify({
          kind: 'ask',
          title: `Benchmark ask ${i}.${n}: groceries this week`,
          body: 'Milk, bread and fruit.\nThank you!',
          category: 'groceries',
          urgency: 'this-week',
          private: { address: `${i} Bench Street`, phone: '555-0100' },
        }),
      });
    }
  }
  scenarios.push({
    name: 'create an ask',
    kind: 'write',
    requests: interleave(askRequests, 50),
    once: true,
  });

  // Each response is a new (ask, member) pair: responding twice to one ask is refused.
  const respondRequests: RequestSpec[] = [];
  const asksByGroup = Map.groupBy(openAsks, (a) => a.group_id);
  const respondersByGroup = Map.groupBy(responders, (r) => r.group_id);
  for (const [groupId, people] of respondersByGroup) {
    const asks = asksByGroup.get(groupId) ?? [];
    for (const person of people) {
      for (const ask of asks) {
        if (ask.author_id === person.user_id) continue;
        respondRequests.push({
          method: 'POST',
          path: `/api/v1/posts/${ask.id}/responses`,
          headers: await bearerFor(person.user_id),
          body: JSON.stringify({ note: 'I can help this week.' }),
        });
        if (respondRequests.length >= 40_000) break;
      }
    }
  }
  scenarios.push({
    name: 'respond to an ask',
    kind: 'write',
    requests: interleave(respondRequests),
    once: true,
  });

  const messageRequests: RequestSpec[] = [];
  for (const match of liveMatches) {
    for (const userId of [match.asker_id, match.helper_id]) {
      messageRequests.push({
        method: 'POST',
        path: `/api/v1/matches/${match.id}/messages`,
        headers: await bearerFor(userId),
        body: JSON.stringify({ body: 'See you at five. Thank you!' }),
      });
    }
  }
  if (messageRequests.length > 0) {
    scenarios.push({ name: 'send a message', kind: 'write', requests: messageRequests });
  }
  return scenarios;
}

/** Spreads a list built person by person, so concurrent requests touch different asks. */
function interleave<T>(items: T[], stride = 97): T[] {
  if (items.length < stride) return items;
  const out: T[] = [];
  for (let start = 0; start < stride; start++) {
    for (let i = start; i < items.length; i += stride) out.push(items[i]!);
  }
  return out;
}
