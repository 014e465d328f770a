import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/support/app.ts';
import { addMember, makeMatch, makeUser, signIn } from '../../../test/support/factories.ts';
import { deliverNotifications } from '../notifications/delivery.ts';
import { followUpMatches } from './follow-ups.ts';

const t = useTestApp();

/** A live match whose helper said it is done, a day and an hour ago. */
async function doneYesterday() {
  const made = await makeMatch(t.deps);
  const moderator = await makeUser(t.deps);
  await addMember(t.deps, { id: made.post.groupId }, moderator, { role: 'moderator' });
  const done = await t.request({
    method: 'POST',
    url: `/api/v1/matches/${made.match.id}/complete`,
    cookie: await signIn(t.deps, made.helper),
    payload: {},
  });
  expect(done.statusCode).toBe(200);
  await t.pool.query(`UPDATE matches SET done_at = now() - interval '25 hours' WHERE id = $1`, [
    made.match.id,
  ]);
  return { ...made, moderator };
}

const kindsFor = async (userId: string, matchId: string) =>
  (
    await t.pool.query<{ kind: string }>(
      'SELECT kind FROM notifications WHERE user_id = $1 AND match_id = $2 ORDER BY created_at',
      [userId, matchId],
    )
  ).rows.map((row) => row.kind);
const statusOf = async (matchId: string) =>
  (await t.pool.query('SELECT status FROM matches WHERE id = $1', [matchId])).rows[0].status;

/** The "Did it happen?" email to the asker, and its two links' token. */
async function didItHappenMail(email: string) {
  await deliverNotifications(t.deps);
  const mail = (await t.outbox()).find(
    (m) => m.to === email && m.subject.startsWith('Did it happen?'),
  );
  expect(mail, 'the "Did it happen?" email').toBeDefined();
  const yes = /\/did-it-happen\/([A-Za-z0-9_-]{43})\?answer=yes/.exec(mail!.text);
  const no = /\/did-it-happen\/([A-Za-z0-9_-]{43})\?answer=no/.exec(mail!.text);
  expect(yes?.[1]).toBe(no?.[1]);
  return { mail: mail!, token: yes![1]! };
}

describe('follow-ups', () => {
  it('asks the person helped "Did it happen?" once; the link asks first, and yes confirms', async () => {
    const s = await doneYesterday();
    await followUpMatches(t.deps.db);
    await followUpMatches(t.deps.db);
    expect(await kindsFor(s.asker.id, s.match.id)).toEqual(['done', 'confirm-reminder']);

    const { mail, token } = await didItHappenMail(s.asker.email);
    expect(mail.subject).toBe('Did it happen? A question from Kindred');
    expect(mail.text).not.toContain(s.post.title);
    expect(mail.text).toContain('Yes, it happened: http');

    // Following the link (a mail scanner, or the page opening) changes nothing.
    const read = await t.request({ url: `/api/v1/follow-ups/${token}` });
    expect(read.json()).toEqual({ state: 'waiting' });
    expect(await statusOf(s.match.id)).toBe('done');

    // The page's button, from a phone that is not signed in.
    const yes = await t.request({
      method: 'POST',
      url: `/api/v1/follow-ups/${token}`,
      payload: { answer: 'yes' },
    });
    expect(yes.statusCode, yes.body).toBe(200);
    expect(yes.json()).toEqual({ state: 'confirmed' });
    expect(await statusOf(s.match.id)).toBe('confirmed');
    expect(await kindsFor(s.helper.id, s.match.id)).toContain('confirmed');
    // Pressed twice: nothing more, and no error.
    const again = await t.request({
      method: 'POST',
      url: `/api/v1/follow-ups/${token}`,
      payload: { answer: 'yes' },
    });
    expect(again.json()).toEqual({ state: 'confirmed' });

    for (const bad of ['not-a-token', 'x'.repeat(43)]) {
      const unknown = await t.request({ url: `/api/v1/follow-ups/${bad}` });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe('not-found');
    }
    const badAnswer = await t.request({
      method: 'POST',
      url: `/api/v1/follow-ups/${token}`,
      payload: { answer: 'maybe' },
    });
    expect(badAnswer.statusCode).toBe(400);
  });

  it('no gives the match back to the helper and tells the helper and the moderators', async () => {
    const s = await doneYesterday();
    await followUpMatches(t.deps.db);
    const { token } = await didItHappenMail(s.asker.email);
    const no = await t.request({
      method: 'POST',
      url: `/api/v1/follow-ups/${token}`,
      payload: { answer: 'no' },
    });
    expect(no.statusCode, no.body).toBe(200);
    expect(await statusOf(s.match.id)).toBe('accepted');
    expect(await kindsFor(s.helper.id, s.match.id)).toContain('not-done');
    expect(await kindsFor(s.moderator.id, s.match.id)).toEqual(['not-done']);
    const events = await t.pool.query(
      `SELECT kind FROM match_events WHERE match_id = $1 AND kind = 'not-done'`,
      [s.match.id],
    );
    expect(events.rows).toHaveLength(1);
    expect((await t.request({ url: `/api/v1/follow-ups/${token}` })).json()).toEqual({
      state: 'moved-on',
    });
    const late = await t.request({
      method: 'POST',
      url: `/api/v1/follow-ups/${token}`,
      payload: { answer: 'yes' },
    });
    expect(late.statusCode).toBe(409);
  });

  it('tells the moderators two days after an unanswered "Did it happen?", once', async () => {
    const s = await doneYesterday();
    await followUpMatches(t.deps.db);
    expect(await kindsFor(s.moderator.id, s.match.id)).toEqual([]);
    await t.pool.query(
      `UPDATE matches SET followed_up_at = now() - interval '49 hours' WHERE id = $1`,
      [s.match.id],
    );
    await followUpMatches(t.deps.db);
    await followUpMatches(t.deps.db);
    expect(await kindsFor(s.moderator.id, s.match.id)).toEqual(['unconfirmed']);
  });

  it('asks a helper of a quiet match "still on for this?" once, not after a moderator did', async () => {
    const quiet = await makeMatch(t.deps);
    const reminded = await makeMatch(t.deps);
    for (const made of [quiet, reminded]) {
      await t.pool.query(
        `UPDATE matches SET created_at = now() - interval '4 days' WHERE id = $1;`,
        [made.match.id],
      );
      await t.pool.query(
        `UPDATE match_events SET created_at = now() - interval '4 days' WHERE match_id = $1`,
        [made.match.id],
      );
    }
    await t.pool.query(
      `UPDATE matches SET reminded_at = now() - interval '3 days 1 hour' WHERE id = $1`,
      [reminded.match.id],
    );
    const fresh = await makeMatch(t.deps);
    await followUpMatches(t.deps.db);
    await followUpMatches(t.deps.db);
    expect(await kindsFor(quiet.helper.id, quiet.match.id)).toEqual(['accepted', 'still-on']);
    expect(await kindsFor(reminded.helper.id, reminded.match.id)).toEqual(['accepted']);
    expect(await kindsFor(fresh.helper.id, fresh.match.id)).toEqual(['accepted']);
  });
});
