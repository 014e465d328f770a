import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/support/app.ts';
import {
  addMember,
  makeGroup,
  makeHelperProfile,
  makePost,
  makeUser,
  signIn,
} from '../../../test/support/factories.ts';
import { deliverNotifications } from '../notifications/delivery.ts';
import { alertNewAsks } from './ask-alerts.ts';

const t = useTestApp();

/** Fernwood, Victoria: where the asks are, and helpers a few hundred metres away. */
const HERE = { latitude: 48.4284, longitude: -123.3456 };
const NEAR = { latitude: 48.431, longitude: -123.348 };
/** About 11 km north. */
const FAR = { latitude: 48.528, longitude: -123.3456 };

async function scene(perDay?: number) {
  const { group } = await makeGroup(t.deps, {
    ...(perDay === undefined ? {} : { askAlertsPerDay: perDay }),
  });
  const asker = await makeUser(t.deps, { displayName: 'Winifred Asker' });
  await addMember(t.deps, group, asker);
  const profile = (categories: string[], place: typeof HERE, travelKm: number | null) =>
    makeHelperProfile(t.deps, {
      group,
      profile: { categories: categories as never, place, travelKm },
    });
  const helpers = {
    nearGroceries: await profile(['groceries'], NEAR, 5),
    alsoNear: await profile(['groceries', 'prescriptions'], NEAR, null),
    onlyPrescriptions: await profile(['prescriptions'], NEAR, 5),
    tooFar: await profile(['groceries'], FAR, 2),
  };
  return { group, asker, helpers };
}

const ask = (
  s: Awaited<ReturnType<typeof scene>>,
  input: { urgency?: 'today' | 'this-week' | 'flexible'; title?: string } = {},
) =>
  makePost(t.deps, {
    group: s.group,
    author: s.asker,
    input: {
      title: input.title ?? 'Shopping from the co-op',
      category: 'groceries',
      urgency: input.urgency ?? 'this-week',
      private: {
        address: '8 Lantern Way',
        phone: null,
        accessNotes: null,
        contactPreference: null,
        point: HERE,
      },
    },
  });

/** Waits until the alerts job (woken by the new ask, or run here) has decided an ask. */
async function decided(postId: string) {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
    await alertNewAsks(t.deps.db);
    const { rows } = await t.pool.query('SELECT 1 FROM ask_alerts WHERE post_id = $1', [postId]);
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the ask was never decided');
}
/** Undoes the job's work for these asks, as if they were posted `ago` and never seen. */
async function renew(ids: string[], ago = '0 seconds') {
  const client = await t.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`DELETE FROM notifications WHERE post_id = ANY ($1) AND kind = 'new-ask'`, [
      ids,
    ]);
    await client.query('DELETE FROM ask_alerts WHERE post_id = ANY ($1)', [ids]);
    await client.query('UPDATE posts SET created_at = now() - $2::interval WHERE id = ANY ($1)', [
      ids,
      ago,
    ]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}
const alerted = async (postId: string) =>
  (
    await t.pool.query<{ user_id: string }>(
      `SELECT user_id FROM notifications WHERE post_id = $1 AND kind = 'new-ask' ORDER BY user_id`,
      [postId],
    )
  ).rows.map((row) => row.user_id);

describe('new asks reach the helpers who fit them', () => {
  it('alerts helpers who do this kind of help within reach, never the asker or others', async () => {
    const s = await scene();
    const post = await ask(s);
    await decided(post.id);
    expect(await alerted(post.id)).toEqual(
      [s.helpers.nearGroceries.id, s.helpers.alsoNear.id].sort(),
    );
    // Run again: each ask alerts once.
    await alertNewAsks(t.deps.db);
    expect(await alerted(post.id)).toHaveLength(2);

    // The alert is a notification like any other: email by the helper's settings, neutral.
    await deliverNotifications(t.deps);
    const mail = (await t.outbox()).find((m) => m.to === s.helpers.nearGroceries.email);
    expect(mail?.subject).toBe('Someone near you asked for help on Kindred');
    expect(mail?.text).toContain(`/posts/${post.id}`);
    for (const secret of ['Shopping from the co-op', 'Winifred', '8 Lantern Way']) {
      expect(mail?.text).not.toContain(secret);
    }
    // In the app, the helper sees what it is.
    const list = await t.request({
      url: '/api/v1/notifications',
      cookie: await signIn(t.deps, s.helpers.nearGroceries),
    });
    expect(list.json().items[0]).toMatchObject({
      kind: 'new-ask',
      postId: post.id,
      postTitle: 'Shopping from the co-op',
      actorName: 'Winifred Asker',
    });
  });

  it('tells each helper at most the group’s number a day, the most urgent first', async () => {
    const s = await scene(2);
    const posts = [
      await ask(s, { urgency: 'flexible', title: 'Whenever suits' }),
      await ask(s, { urgency: 'this-week', title: 'This week' }),
      await ask(s, { urgency: 'today', title: 'Today please' }),
    ];
    // The three wait together, as asks posted in the same second would: once the job has seen
    // each, its alerts are undone and all three are new again at once.
    const ids = posts.map((post) => post.id);
    for (const id of ids) await decided(id);
    await renew(ids);
    await decided(ids[0]!);
    await decided(ids[2]!);
    const helper = s.helpers.nearGroceries.id;
    expect(await alerted(ids[2]!)).toContain(helper);
    expect(await alerted(ids[1]!)).toContain(helper);
    expect(await alerted(ids[0]!)).not.toContain(helper);
  });

  it('alerts nobody in a group that turned alerts off, or about an ask found late', async () => {
    const off = await scene(0);
    const quiet = await ask(off);
    await decided(quiet.id);
    expect(await alerted(quiet.id)).toEqual([]);

    const s = await scene();
    const late = await ask(s);
    await decided(late.id);
    await renew([late.id], '2 hours');
    // Seen late, it is left alone: no alert now, nor at any later run.
    await alertNewAsks(t.deps.db);
    await alertNewAsks(t.deps.db);
    expect(await alerted(late.id)).toEqual([]);
  });
});
