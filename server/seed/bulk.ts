// Data at scale for benchmarks: a group the size Victoria's reached (11,000 members in a
// month) or a national network of 400 groups. Everything streams through COPY; per-post facts
// the later tables need (kind, author, match) sit in typed arrays, so a million posts cost a
// few megabytes, not a million objects.
import type pg from 'pg';
import { CATEGORIES } from '../../common/constants.ts';
import { type Cell, copyRows, pgArray } from './copy.ts';
import { type Random, seededRandom } from './random.ts';

export type BulkShape = {
  /** A network holding every group (national), or none (one group). */
  network: { slug: string; name: string } | null;
  groups: number;
  membersPerGroup: number;
  postsPerGroup: number;
  commentsPerPost: number;
  reactionsPerPost: number;
  helpersPerGroup: number;
  matchesPerGroup: number;
  /** Other groups listed in the directory (imported entries with no members here). */
  directoryGroups: number;
  /** Where the groups are: one centre, or spread over a box of latitudes and longitudes. */
  area: { latitude: [number, number]; longitude: [number, number] };
};

export const BULK_SHAPES = {
  victoria: {
    network: null,
    groups: 1,
    membersPerGroup: 11_000,
    postsPerGroup: 2_000,
    commentsPerPost: 15,
    reactionsPerPost: 30,
    helpersPerGroup: 5_000,
    matchesPerGroup: 800,
    directoryGroups: 2_000,
    area: { latitude: [48.4284, 48.4284], longitude: [-123.3656, -123.3656] },
  },
  national: {
    network: { slug: 'national-mutual-aid', name: 'National Mutual Aid Network' },
    groups: 400,
    membersPerGroup: 1_250,
    postsPerGroup: 2_500,
    commentsPerPost: 15,
    reactionsPerPost: 30,
    helpersPerGroup: 560,
    matchesPerGroup: 1_000,
    directoryGroups: 2_000,
    area: { latitude: [43.0, 53.5], longitude: [-123.5, -63.5] },
  },
} satisfies Record<string, BulkShape>;

/** Seeded users' addresses end here, so a later run can tell seeded data from real data. */
export const SEED_EMAIL_SUFFIX = '.kindred.invalid';
/** Seeded groups carry an external id with this prefix. */
export const SEED_EXTERNAL_ID_PREFIX = 'seed:';

/** Reproducible ids without keeping them: one 8-hex-digit prefix per table, then the row's index. */
export const seedId = (table: number, index: number) =>
  `${table.toString(16).padStart(8, '0')}-5eed-4000-8000-${index.toString(16).padStart(12, '0')}`;
const USER = 1;
const GROUP = 2;
const POST = 3;
const COMMENT = 4;
const RESPONSE = 5;
const MATCH = 6;

const WORDS = [
  'groceries',
  'pharmacy',
  'lift',
  'bike',
  'diapers',
  'deposit',
  'soup',
  'taxes',
  'garden',
  'phone',
  'laundry',
  'firewood',
  'stroller',
  'ramp',
  'internet',
  'dog',
];
const PLACES = ['North', 'South', 'East', 'West', 'Central', 'Harbour', 'Hillside', 'Riverside'];
const FIRST = ['Amara', 'Ben', 'Chloé', 'Dev', 'Elif', 'Farah', 'Gus', 'Hana', 'Ines', 'Jun'];
const LAST = ['Tremblay', 'Singh', 'Nguyen', 'Roy', 'Okafor', 'Martin', 'Chen', 'Gagnon'];
const KIND_CODES = ['ask', 'offer', 'info', 'question'] as const;
const REACTIONS = ['heart', 'thanks', 'support', 'celebrate'];
const DAY = 86_400_000;

// Per-post match states (0: none).
const MATCH_STATES = ['', 'accepted', 'done', 'confirmed', 'withdrawn', 'closed'] as const;

export type BulkCounts = Record<string, number>;

export async function seedBulk(
  client: pg.PoolClient,
  shape: BulkShape,
  seed: number,
  onProgress: (message: string) => void,
): Promise<BulkCounts> {
  const random = seededRandom(seed);
  const now = Date.now();
  const { groups: G, membersPerGroup: M, postsPerGroup: P } = shape;
  const totalUsers = G * M;
  const totalPosts = G * P;
  const counts: BulkCounts = {};
  const copy = async (table: string, columns: string[], rows: Iterable<readonly Cell[]>) => {
    const started = Date.now();
    counts[table] = (counts[table] ?? 0) + (await copyRows(client, table, columns, rows));
    onProgress(
      `${table}: ${counts[table]!.toLocaleString('en')} rows (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const memberOf = (g: number, r: Random) => g * M + r.int(M);

  // Groups (and the network that holds them).
  const centres: Array<[number, number]> = [];
  const { latitude, longitude } = shape.area;
  for (let g = 0; g < G; g++) {
    centres.push([
      latitude[0] + random.next() * (latitude[1] - latitude[0]),
      longitude[0] + random.next() * (longitude[1] - longitude[0]),
    ]);
  }
  const networkId = shape.network ? seedId(GROUP, G) : null;
  await copy(
    'groups',
    [
      'id',
      'slug',
      'kind',
      'parent_id',
      'name',
      'description',
      'location_name',
      'latitude',
      'longitude',
      'radius_km',
      'languages',
      'categories',
      'external_id',
      'created_at',
    ],
    (function* () {
      if (shape.network) {
        yield [
          networkId,
          shape.network.slug,
          'network',
          null,
          shape.network.name,
          'Mutual aid groups across the country, sharing what works.',
          '',
          latitude[0] + (latitude[1] - latitude[0]) / 2,
          longitude[0] + (longitude[1] - longitude[0]) / 2,
          2000,
          pgArray(['en', 'fr']),
          pgArray(CATEGORIES),
          `${SEED_EXTERNAL_ID_PREFIX}network`,
          iso(now - 90 * DAY),
        ];
      }
      for (let g = 0; g < G; g++) {
        const single = G === 1;
        yield [
          seedId(GROUP, g),
          single ? 'victoria-mutual-aid' : `mutual-aid-${g + 1}`,
          'group',
          networkId,
          single ? 'Victoria Mutual Aid' : `${PLACES[g % PLACES.length]} Mutual Aid ${g + 1}`,
          'Neighbours helping neighbours: groceries, prescriptions, rides and a friendly call.',
          single ? 'Victoria, BC' : '',
          centres[g]![0],
          centres[g]![1],
          15,
          pgArray(['en', 'fr']),
          pgArray(CATEGORIES),
          `${SEED_EXTERNAL_ID_PREFIX}${g}`,
          iso(now - 60 * DAY),
        ];
      }
      // The directory: groups across Canada, known from an import, nearest-first searchable.
      for (let d = 0; d < shape.directoryGroups; d++) {
        yield [
          seedId(GROUP, G + 1 + d),
          `listed-group-${d + 1}`,
          'group',
          null,
          `${PLACES[d % PLACES.length]} Community Care ${d + 1}`,
          'Listed from an imported directory.',
          '',
          43 + random.next() * 10.5,
          -123.5 + random.next() * 60,
          5 + random.int(20),
          '{en}',
          pgArray(['groceries', 'meals', 'transport']),
          `${SEED_EXTERNAL_ID_PREFIX}directory:${d}`,
          iso(now - 60 * DAY),
        ];
      }
    })(),
  );

  // People: each group has its own members; user i belongs to group floor(i / M).
  await copy(
    'users',
    ['id', 'email', 'display_name', 'locale', 'languages', 'email_verified_at', 'created_at'],
    (function* () {
      for (let u = 0; u < totalUsers; u++) {
        const french = random.chance(0.25);
        yield [
          seedId(USER, u),
          `member${u}@bulk${SEED_EMAIL_SUFFIX}`,
          `${random.pick(FIRST)} ${random.pick(LAST)}`,
          french ? 'fr' : 'en',
          french ? '{fr,en}' : random.chance(0.1) ? '{en,pa}' : '{en}',
          iso(now - 60 * DAY),
          iso(now - 60 * DAY),
        ];
      }
    })(),
  );
  const roleOf = (i: number) =>
    i < 3 ? 'admin' : i < 3 + Math.max(2, Math.floor(M / 500)) ? 'moderator' : 'member';
  await copy(
    'memberships',
    ['group_id', 'user_id', 'role', 'status', 'requested_at', 'joined_at'],
    (function* () {
      for (let u = 0; u < totalUsers; u++) {
        const joined = iso(now - (30 + (u % 30)) * DAY);
        yield [
          seedId(GROUP, Math.floor(u / M)),
          seedId(USER, u),
          roleOf(u % M),
          'active',
          joined,
          joined,
        ];
      }
      // The network's administrators: the admins of its first group.
      if (networkId) {
        for (let u = 0; u < 3; u++)
          yield [networkId, seedId(USER, u), 'admin', 'active', iso(now), iso(now)];
      }
    })(),
  );

  // Posts, with the facts later tables need kept in typed arrays.
  const kinds = new Uint8Array(totalPosts);
  const authors = new Int32Array(totalPosts);
  const matchStates = new Uint8Array(totalPosts);
  const created = new Float64Array(totalPosts);
  const matchShare = shape.matchesPerGroup / P;
  const spacing = (30 * DAY) / P;
  await copy(
    'posts',
    [
      'id',
      'group_id',
      'author_id',
      'kind',
      'category',
      'title',
      'body',
      'status',
      'closed_reason',
      'closed_at',
      'urgency',
      'latitude',
      'longitude',
      'availability',
      'is_ongoing',
      'travel_km',
      'created_at',
      'updated_at',
      'expires_at',
    ],
    (function* () {
      for (let p = 0; p < totalPosts; p++) {
        const g = Math.floor(p / P);
        const r = random.next();
        const kind = r < 0.45 ? 0 : r < 0.7 ? 1 : r < 0.85 ? 2 : 3;
        const author = memberOf(g, random);
        const at = now - (P - (p % P)) * spacing;
        kinds[p] = kind;
        authors[p] = author;
        created[p] = at;
        let status = random.chance(0.2) ? 'closed' : 'open';
        let reason: string | null = status === 'closed' ? 'not-needed' : null;
        if (kind === 0 && random.chance(matchShare * 2.2)) {
          const m = random.next();
          const state = m < 0.25 ? 1 : m < 0.4 ? 2 : m < 0.85 ? 3 : m < 0.95 ? 4 : 5;
          matchStates[p] = state;
          status = state === 3 || state === 5 ? 'closed' : 'open';
          reason = status === 'closed' ? 'fulfilled' : null;
        }
        const word = random.pick(WORDS);
        const kindName = KIND_CODES[kind]!;
        const offerOrAsk = kind <= 1;
        yield [
          seedId(POST, p),
          seedId(GROUP, g),
          seedId(USER, author),
          kindName,
          offerOrAsk ? random.pick(CATEGORIES) : null,
          kind === 0
            ? `Need help with ${word} (${p})`
            : kind === 1
              ? `Offering ${word} (${p})`
              : kind === 2
                ? `Where to find ${word} (${p})`
                : `What do you think about ${word}? (${p})`,
          `Details about ${word} and ${random.pick(WORDS)}. Reply here if you can.\nThank you!`,
          status,
          reason,
          status === 'closed' ? iso(at + DAY) : null,
          kind === 0 ? random.pick(['today', 'this-week', 'flexible']) : null,
          offerOrAsk ? centres[g]![0] + (random.next() - 0.5) * 0.1 : null,
          offerOrAsk ? centres[g]![1] + (random.next() - 0.5) * 0.14 : null,
          kind === 1 ? 'weekday evenings' : null,
          kind === 1 && random.chance(0.3),
          kind === 1 ? 1 + random.int(15) : null,
          iso(at),
          iso(at),
          kind === 0 ? iso(at + 60 * DAY) : null,
        ];
      }
    })(),
  );
  // Every ask's private record: unmistakably fake, and private all the same.
  await copy(
    'post_private',
    ['post_id', 'address', 'phone', 'access_notes', 'contact_preference', 'latitude', 'longitude'],
    (function* () {
      for (let p = 0; p < totalPosts; p++) {
        if (kinds[p] !== 0) continue;
        const g = Math.floor(p / P);
        yield [
          seedId(POST, p),
          `${1 + (p % 999)} Seed Street, unit ${p}`,
          `555-01${String(p % 100).padStart(2, '0')}`,
          'Side door; knock twice.',
          'A text message first, please.',
          centres[g]![0] + (random.next() - 0.5) * 0.1,
          centres[g]![1] + (random.next() - 0.5) * 0.14,
        ];
      }
    })(),
  );

  // Comments and reactions: the bulk of the rows.
  const C = shape.commentsPerPost;
  await copy(
    'comments',
    ['id', 'post_id', 'author_id', 'body', 'created_at'],
    (function* () {
      // Ids in insertion order keep the primary key's index appending, not splitting pages.
      let id = 0;
      for (let p = 0; p < totalPosts; p++) {
        const g = Math.floor(p / P);
        const n = random.int(2 * C + 1);
        for (let c = 0; c < n; c++) {
          yield [
            seedId(COMMENT, id++),
            seedId(POST, p),
            seedId(USER, memberOf(g, random)),
            c % 3 === 0 ? 'I can help with that.' : `Thanks for posting (${c}).`,
            iso(created[p]! + (c + 1) * 600_000),
          ];
        }
      }
    })(),
  );
  const R = Math.min(shape.reactionsPerPost, M);
  await copy(
    'reactions',
    ['post_id', 'user_id', 'kind', 'created_at'],
    (function* () {
      for (let p = 0; p < totalPosts; p++) {
        const g = Math.floor(p / P);
        const n = random.int(2 * R + 1);
        const start = random.int(M);
        // Distinct people per post: every reaction on a post is by someone else.
        for (let i = 0; i < Math.min(n, M); i++) {
          yield [
            seedId(POST, p),
            seedId(USER, g * M + ((start + i) % M)),
            REACTIONS[i % 4]!,
            iso(created[p]! + (i + 1) * 60_000),
          ];
        }
      }
    })(),
  );

  // Helpers: the last H members of each group have a profile.
  const H = Math.min(shape.helpersPerGroup, M - 3);
  const helperOf = (g: number, r: Random) => g * M + (M - H) + r.int(H);
  await copy(
    'helper_profiles',
    [
      'group_id',
      'user_id',
      'categories',
      'travel_km',
      'availability',
      'languages',
      'has_car',
      'latitude',
      'longitude',
      'available_until',
    ],
    (function* () {
      for (let g = 0; g < G; g++) {
        for (let h = M - H; h < M; h++) {
          const round = (value: number) => Math.round(value * 200) / 200;
          yield [
            seedId(GROUP, g),
            seedId(USER, g * M + h),
            pgArray([random.pick(CATEGORIES), random.pick(CATEGORIES)]),
            1 + random.int(20),
            random.pick(['weekday evenings', 'weekends', 'mornings', 'any time']),
            random.chance(0.25) ? '{en,fr}' : '{en}',
            random.chance(0.3),
            round(centres[g]![0] + (random.next() - 0.5) * 0.1),
            round(centres[g]![1] + (random.next() - 0.5) * 0.14),
            random.chance(0.1) ? iso(now + DAY) : null,
          ];
        }
      }
    })(),
  );

  // Matches (with the response each came from, its timeline and a short thread), and a
  // pending offer of help on some open asks nobody has been matched to yet.
  const helperFor = new Int32Array(totalPosts);
  await copy(
    'responses',
    ['id', 'post_id', 'responder_id', 'note', 'status', 'created_at'],
    (function* () {
      for (let p = 0; p < totalPosts; p++) {
        if (kinds[p] !== 0) continue;
        const g = Math.floor(p / P);
        let helper = helperOf(g, random);
        if (helper === authors[p]) helper = g * M + ((helper - g * M + 1) % M);
        helperFor[p] = helper;
        const state = matchStates[p]!;
        if (state === 0 && !random.chance(0.3)) continue;
        yield [
          seedId(RESPONSE, p),
          seedId(POST, p),
          seedId(USER, helper),
          'I live nearby and can do this.',
          state === 0 ? 'pending' : state === 4 ? 'withdrawn' : 'accepted',
          iso(created[p]! + 3_600_000),
        ];
      }
    })(),
  );
  await copy(
    'matches',
    [
      'id',
      'post_id',
      'asker_id',
      'helper_id',
      'response_id',
      'status',
      'matched_by',
      'thank_you',
      'created_at',
      'done_at',
      'ended_at',
      'reminded_at',
      'followed_up_at',
      'escalated_at',
    ],
    (function* () {
      for (let p = 0; p < totalPosts; p++) {
        const state = matchStates[p]!;
        if (state === 0) continue;
        const at = created[p]! + 2 * 3_600_000;
        const status = MATCH_STATES[state]!;
        yield [
          seedId(MATCH, p),
          seedId(POST, p),
          seedId(USER, authors[p]!),
          seedId(USER, helperFor[p]!),
          seedId(RESPONSE, p),
          status,
          seedId(USER, authors[p]!),
          status === 'confirmed' ? 'Thank you so much!' : null,
          iso(at),
          state === 2 || state === 3 ? iso(at + DAY) : null,
          state >= 3 ? iso(at + 2 * DAY) : null,
          // Seeded matches are old news: the follow-ups job asks nobody about them.
          iso(at),
          iso(at),
          iso(at),
        ];
      }
    })(),
  );
  // Seeded asks are old news: the alerts job has nothing to decide for the newest of them.
  await client.query(
    `INSERT INTO ask_alerts (post_id) SELECT id FROM posts
     WHERE kind = 'ask' AND created_at > now() - interval '2 hours'`,
  );
  const eventsOf: Record<string, string[]> = {
    accepted: ['responded', 'accepted'],
    done: ['responded', 'accepted', 'message', 'done'],
    confirmed: ['responded', 'accepted', 'message', 'done', 'confirmed'],
    withdrawn: ['responded', 'accepted', 'withdrawn'],
    closed: ['responded', 'accepted', 'done', 'closed'],
  };
  await copy(
    'match_events',
    ['match_id', 'kind', 'actor_id', 'reason', 'created_at'],
    (function* () {
      for (let p = 0; p < totalPosts; p++) {
        const state = matchStates[p]!;
        if (state === 0) continue;
        const kindsOfEvent = eventsOf[MATCH_STATES[state]!]!;
        for (let e = 0; e < kindsOfEvent.length; e++) {
          const kind = kindsOfEvent[e]!;
          const byHelper = kind === 'responded' || kind === 'done' || kind === 'withdrawn';
          yield [
            seedId(MATCH, p),
            kind,
            seedId(USER, byHelper ? helperFor[p]! : authors[p]!),
            kind === 'withdrawn' ? 'I am unwell this week, sorry.' : null,
            iso(created[p]! + (e + 1) * 3_600_000),
          ];
        }
      }
    })(),
  );
  await copy(
    'match_messages',
    ['match_id', 'author_id', 'body', 'created_at'],
    (function* () {
      for (let p = 0; p < totalPosts; p++) {
        if (matchStates[p] === 0) continue;
        yield [
          seedId(MATCH, p),
          seedId(USER, helperFor[p]!),
          'On my way around 5.',
          iso(created[p]! + 3 * 3_600_000),
        ];
        yield [
          seedId(MATCH, p),
          seedId(USER, authors[p]!),
          'Wonderful, thank you.',
          iso(created[p]! + 4 * 3_600_000),
        ];
      }
    })(),
  );
  return counts;
}
