import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestDatabase, useTestApp } from '../../test/support/app.ts';
import { makeGroup, makeUser, sessionCookie } from '../../test/support/factories.ts';
import { childEnv, runKindred } from '../../test/support/process.ts';
import { sessionCookieName } from '../http/auth.ts';
import { hashPassword } from '../modules/accounts/passwords.ts';
import { deliverNotifications } from '../modules/notifications/delivery.ts';
import { DEMO_PASSWORD, demoEmail } from './demo.ts';
import { countRealData, SeedRefused, seedDatabase } from './seed.ts';

const t = useTestApp();

const signInAs = async (key: string) => {
  const response = await t.request({
    method: 'POST',
    url: '/api/v1/auth/password',
    payload: { email: demoEmail(key), password: DEMO_PASSWORD },
  });
  expect(response.statusCode).toBe(200);
  const name = sessionCookieName(t.deps.config);
  return `${name}=${sessionCookie(response, name)!.value}`;
};

describe('the demo network', () => {
  beforeAll(async () => {
    await seedDatabase(t.pool, { scale: 'demo', passwordHash: await hashPassword(DEMO_PASSWORD) });
  });

  it('holds matches in every state, asks and offers in English and French', async () => {
    const states = await t.pool.query<{ status: string }>(
      'SELECT DISTINCT status FROM matches ORDER BY status',
    );
    expect(states.rows.map((row) => row.status)).toEqual([
      'accepted',
      'closed',
      'confirmed',
      'done',
      'reassigned',
      'withdrawn',
    ]);
    const kinds = await t.pool.query<{ kind: string; french: boolean }>(
      `SELECT DISTINCT p.kind, g.languages[1] = 'fr' AS french
         FROM posts p JOIN groups g ON g.id = p.group_id ORDER BY 1, 2`,
    );
    expect(kinds.rows).toEqual(
      expect.arrayContaining([
        { kind: 'ask', french: false },
        { kind: 'ask', french: true },
        { kind: 'offer', french: false },
        { kind: 'offer', french: true },
        { kind: 'info', french: true },
        { kind: 'question', french: false },
      ]),
    );
    expect(await countRealData(t.pool)).toMatchObject({ users: 0, groups: 0 });
  });

  it('counts its old notifications as delivered, so starting the demo emails nobody', async () => {
    await deliverNotifications(t.deps);
    const sent = await t.pool.query<{ all: number; emailed: number }>(
      `SELECT count(*)::int AS all, count(*) FILTER (WHERE emailed_at IS NOT NULL)::int AS emailed
         FROM notifications`,
    );
    expect(sent.rows[0]!.all).toBeGreaterThan(0);
    expect(sent.rows[0]!.emailed).toBe(0);
  });

  it('works through the API as its people: feeds, the board, and private details only for the right helper', async () => {
    const ben = await signInAs('ben');
    const feed = await t.request({ url: '/api/v1/groups/fernwood-neighbours/posts', cookie: ben });
    expect(feed.statusCode).toBe(200);
    const titles = feed.json().items.map((post: { title: string }) => post.title);
    expect(titles).toContain('Groceries for this week');
    expect(titles[0]).toBe('Rides to appointments on weekends'); // pinned first
    expect(feed.body).not.toContain('1412 Demo Lane');

    const groceries = feed
      .json()
      .items.find((post: { title: string }) => post.title === 'Groceries for this week');
    // Dev is the accepted helper: he reads the address; Farah (a helper elsewhere) does not.
    const dev = await signInAs('dev');
    const forDev = await t.request({ url: `/api/v1/posts/${groceries.id}/private`, cookie: dev });
    expect(forDev.statusCode).toBe(200);
    expect(forDev.body).toContain('1412 Demo Lane');
    const hana = await signInAs('hana');
    const forHana = await t.request({
      url: `/api/v1/posts/${groceries.id}/private`,
      cookie: hana,
    });
    expect(forHana.statusCode).toBe(404);

    // Farah withdrew from Inès's groceries in Saint-Roch: her access ended with it.
    const ines = await signInAs('ines');
    const stRoch = await t.request({
      url: '/api/v1/groups/entraide-saint-roch/posts',
      cookie: ines,
    });
    const epicerie = stRoch
      .json()
      .items.find((post: { title: string }) => post.title === 'Épicerie pour la semaine');
    const farah = await signInAs('farah');
    expect(
      (await t.request({ url: `/api/v1/posts/${epicerie.id}/private`, cookie: farah })).statusCode,
    ).toBe(404);

    // Elif dispatches James Bay: its board answers, with the on-behalf groceries in it.
    const elif = await signInAs('elif');
    const board = await t.request({ url: '/api/v1/groups/james-bay-dispatch/board', cookie: elif });
    expect(board.statusCode).toBe(200);
    expect(board.body).toContain('Groceries for a family of four');
    expect(board.body).not.toContain('9 Placeholder Crescent');
  });
});

describe('seeding beside real data', () => {
  it('goes ahead when the only person is the first administrator, and keeps them', async () => {
    const app = await createTestApp();
    try {
      const admin = await makeUser(app.deps, { email: 'first.admin@example.org', isAdmin: true });
      await seedDatabase(app.pool, { scale: 'demo' });
      const kept = await app.pool.query('SELECT is_admin FROM users WHERE id = $1', [admin.id]);
      expect(kept.rows).toEqual([{ is_admin: true }]);
      // Once the administrator is in a group, they are real data like anyone.
      const { group } = await makeGroup(app.deps, { owner: admin });
      expect(group.id).toBeTruthy();
      await expect(seedDatabase(app.pool, { scale: 'demo' })).rejects.toThrow(SeedRefused);
    } finally {
      await app.close();
    }
  });

  it('refuses a database with real people unless forced, and then keeps them', async () => {
    const app = await createTestApp();
    try {
      const real = await makeUser(app.deps, { email: 'real.person@example.org' });
      await expect(seedDatabase(app.pool, { scale: 'demo' })).rejects.toThrow(SeedRefused);
      const before = await app.pool.query('SELECT count(*)::int AS n FROM users');
      expect(before.rows[0].n).toBe(1);

      await seedDatabase(app.pool, { scale: 'demo', force: true });
      await seedDatabase(app.pool, { scale: 'demo', force: true }); // replaces, never doubles
      const after = await app.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
      expect(after.rows[0]!.n).toBe(11);
      const kept = await app.pool.query('SELECT id FROM users WHERE id = $1', [real.id]);
      expect(kept.rowCount).toBe(1);
    } finally {
      await app.close();
    }
  });
});

describe('victoria scale', () => {
  it('is reproducible from its seed and the right size', async () => {
    const app = await createTestApp();
    const fingerprint = async () =>
      (
        await app.pool.query<{ f: string }>(
          `SELECT md5(string_agg(id || title || author_id || status, ',' ORDER BY id)) AS f FROM posts`,
        )
      ).rows[0]!.f;
    try {
      const first = await seedDatabase(app.pool, { scale: 'victoria', seed: 7 });
      expect(first.counts).toMatchObject({
        users: 11_000,
        memberships: 11_000,
        posts: 2_000,
        helper_profiles: 5_000,
      });
      expect(first.counts.comments).toBeGreaterThan(25_000);
      expect(first.counts.reactions).toBeGreaterThan(50_000);
      expect(first.counts.matches).toBeGreaterThan(700);
      const a = await fingerprint();
      await seedDatabase(app.pool, { scale: 'victoria', seed: 7 });
      expect(await fingerprint()).toBe(a);
      await seedDatabase(app.pool, { scale: 'victoria', seed: 8 });
      expect(await fingerprint()).not.toBe(a);
      // At most one live match per ask, as the product guarantees.
      const live = await app.pool.query(
        `SELECT post_id FROM matches WHERE status IN ('accepted', 'done')
          GROUP BY post_id HAVING count(*) > 1`,
      );
      expect(live.rowCount).toBe(0);
    } finally {
      await app.close();
    }
  });
});

describe('kindred seed', () => {
  it('seeds from the command line, explains bad input, and refuses real data', async () => {
    const env = childEnv({ DATABASE_URL: await createTestDatabase() });
    const bad = await runKindred(['seed', '--scale', 'huge'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--scale: .*demo.*victoria.*national/);

    const seeded = await runKindred(['seed', '--scale', 'demo'], env);
    expect(seeded.stderr).not.toMatch(/error|stopped/i);
    expect(seeded.code).toBe(0);
    expect(seeded.stdout).toContain('Seeded demo');
    expect(seeded.stdout).toContain(`${demoEmail('amara')}`);

    await runKindred(['user', 'create', '--email', 'ada@example.org', '--name', 'Ada'], env);
    const refused = await runKindred(['seed', '--scale', 'demo'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('This database has real data (1 person and 0 groups');
    expect(refused.stderr).toContain('--force');
  });
});
