import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/support/app.ts';
import {
  addMember,
  makeGroup,
  makeMatch,
  makePost,
  makeResponse,
  makeUser,
  signIn,
} from '../../../test/support/factories.ts';
import { matches, moderationActions, notifications, posts } from '../../db/schema/index.ts';
import { jobHandlers } from '../../jobs/handlers.ts';

const t = useTestApp();
const DAY = 86_400_000;

/** Moves a post's dates back, as if it had been posted `days` ago. */
const postedDaysAgo = (postId: string, days: number) =>
  t.db
    .update(posts)
    .set({ createdAt: new Date(Date.now() - days * DAY) })
    .where(eq(posts.id, postId));

const kindsFor = async (userId: string) =>
  (
    await t.db
      .select({ kind: notifications.kind, postId: notifications.postId })
      .from(notifications)
      .where(eq(notifications.userId, userId))
  ).map((row) => `${row.kind} ${row.postId}`);

describe("the board's bulk actions", () => {
  it('close the asks whose date has passed with nobody helping, under the filters, and tell each asker', async () => {
    // A peer group (askers choose their helpers): its moderators have the board too.
    const { group, owner } = await makeGroup(t.deps);
    const moderator = await signIn(t.deps, owner);
    const asker = await makeUser(t.deps);
    await addMember(t.deps, group, asker);
    const ask = (title: string, input: object = {}) =>
      makePost(t.deps, { group, author: asker, input: { title, ...input } });
    const late = await ask('Late in Fernwood', { locationName: 'Fernwood' });
    const lateElsewhere = await ask('Late in James Bay', { locationName: 'James Bay' });
    const today = await ask('Needed today');
    const undated = await ask('No date');
    const lateButHelped = await ask('Late but someone is on it');
    const setNeededBy = (id: string, date: string) =>
      t.db.execute(sql`UPDATE posts SET needed_by = ${date}::date WHERE id = ${id}`);
    for (const post of [late, lateElsewhere, lateButHelped]) {
      await setNeededBy(post.id, '2020-01-01');
    }
    // Its own day may still be going somewhere on Earth: not late yet.
    await t.db.execute(sql`UPDATE posts SET needed_by = current_date WHERE id = ${today.id}`);
    await makeMatch(t.deps, { post: lateButHelped });

    const board = async (query = '') => {
      const response = await t.request({
        url: `/api/v1/groups/${group.slug}/board${query}`,
        cookie: moderator,
      });
      expect(response.statusCode).toBe(200);
      return response.json();
    };
    const first = await board();
    expect(first.tidy).toEqual({ pastDate: 2, quiet: 0 });
    const flagged = first.cards
      .filter((card: { isPastDate: boolean }) => card.isPastDate)
      .map((card: { post: { title: string } }) => card.post.title)
      .sort();
    expect(flagged).toEqual(['Late in Fernwood', 'Late in James Bay']);
    expect((await board('?area=Fernwood')).tidy.pastDate).toBe(1);

    // Not for members.
    const asMember = await t.request({
      method: 'POST',
      url: `/api/v1/groups/${group.slug}/board/close-past-date`,
      cookie: await signIn(t.deps, asker),
    });
    expect(asMember.statusCode).toBe(403);

    // Under a filter, only what it shows.
    const close = (query = '') =>
      t.request({
        method: 'POST',
        url: `/api/v1/groups/${group.slug}/board/close-past-date${query}`,
        cookie: moderator,
      });
    const filtered = await close('?area=Fernwood');
    expect(filtered.statusCode).toBe(200);
    expect(filtered.json()).toEqual({ count: 1 });
    expect((await close()).json()).toEqual({ count: 1 });
    // Done: a second press finds nothing.
    expect((await close()).json()).toEqual({ count: 0 });

    const statusOf = async (id: string) =>
      (await t.db.select().from(posts).where(eq(posts.id, id)))[0];
    for (const post of [late, lateElsewhere]) {
      expect(await statusOf(post.id)).toMatchObject({ status: 'closed', closedReason: 'expired' });
    }
    for (const post of [today, undated, lateButHelped]) {
      expect((await statusOf(post.id))?.status).toBe('open');
    }
    // Each asker is told, the moderation log has a row each, and an ask still needed renews.
    expect(await kindsFor(asker.id)).toEqual(
      expect.arrayContaining([`ask-expired ${late.id}`, `ask-expired ${lateElsewhere.id}`]),
    );
    const logged = await t.db
      .select({ postId: moderationActions.postId, actorId: moderationActions.actorId })
      .from(moderationActions)
      .where(
        and(
          eq(moderationActions.groupId, group.id),
          eq(moderationActions.action, 'close-past-date'),
        ),
      );
    expect(logged.map((row) => row.postId).sort()).toEqual([late.id, lateElsewhere.id].sort());
    expect(logged.every((row) => row.actorId === owner.id)).toBe(true);
    const renewed = await t.request({
      method: 'POST',
      url: `/api/v1/posts/${late.id}/renew`,
      cookie: await signIn(t.deps, asker),
    });
    expect(renewed.statusCode).toBe(200);
    expect((await statusOf(late.id))?.status).toBe('open');
    // Renewed means still needed: its passed date goes, so the next tidy leaves it alone.
    expect((await statusOf(late.id))?.neededBy).toBeNull();
    expect((await board()).tidy.pastDate).toBe(0);
  });

  it('never leaves a closed ask with a helper: a match being made meanwhile is refused', async () => {
    const { group, owner } = await makeGroup(t.deps, { exchangeMode: 'dispatch' });
    const moderator = await signIn(t.deps, owner);
    const [asker, helper] = [await makeUser(t.deps), await makeUser(t.deps)];
    for (const person of [asker, helper]) await addMember(t.deps, group, person);
    const post = await makePost(t.deps, { group, author: asker, input: { title: 'Racing' } });
    // Another transaction holds the ask (as the bulk close does) while a moderator assigns.
    const client = await t.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT 1 FROM posts WHERE id = $1 FOR UPDATE', [post.id]);
      const assigning = t.request({
        method: 'POST',
        url: `/api/v1/posts/${post.id}/assign`,
        cookie: moderator,
        payload: { helperId: helper.id, reassign: false },
      });
      await expect
        .poll(async () => {
          const { rows } = await t.pool.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted',
          );
          return rows[0]!.n;
        })
        .toBeGreaterThan(0);
      await client.query(
        "UPDATE posts SET status = 'closed', closed_reason = 'expired' WHERE id = $1",
        [post.id],
      );
      await client.query('COMMIT');
      const assigned = await assigning;
      expect(assigned.statusCode).toBe(409);
      expect(assigned.json().code).toBe('post-closed');
    } finally {
      client.release();
    }
    const live = await t.db.select().from(matches).where(eq(matches.postId, post.id));
    expect(live).toEqual([]);
  });

  it('remind the helpers of matches with nothing new for three days, once in that time', async () => {
    const { group, owner } = await makeGroup(t.deps);
    const moderator = await signIn(t.deps, owner);
    const asker = await makeUser(t.deps);
    await addMember(t.deps, group, asker);
    const quiet = await makeMatch(t.deps, {
      post: await makePost(t.deps, { group, author: asker, input: { title: 'Quiet one' } }),
    });
    const talking = await makeMatch(t.deps, {
      post: await makePost(t.deps, { group, author: asker, input: { title: 'Talking' } }),
    });
    const fresh = await makeMatch(t.deps, {
      post: await makePost(t.deps, { group, author: asker, input: { title: 'Fresh' } }),
    });
    const longAgo = new Date(Date.now() - 5 * DAY);
    for (const made of [quiet, talking]) {
      await t.db.update(matches).set({ createdAt: longAgo }).where(eq(matches.id, made.match.id));
      await t.db.execute(
        sql`UPDATE match_events SET created_at = ${longAgo.toISOString()} WHERE match_id = ${made.match.id}`,
      );
    }
    // A message yesterday: not quiet.
    const sent = await t.request({
      method: 'POST',
      url: `/api/v1/matches/${talking.match.id}/messages`,
      cookie: await signIn(t.deps, asker),
      payload: { body: 'See you Friday?' },
    });
    expect(sent.statusCode).toBe(201);

    const board = async () =>
      (await t.request({ url: `/api/v1/groups/${group.slug}/board`, cookie: moderator })).json();
    const before = await board();
    expect(before.tidy).toEqual({ pastDate: 0, quiet: 1 });
    const quietCard = before.cards.find(
      (card: { post: { id: string } }) => card.post.id === quiet.post.id,
    );
    expect(quietCard.isQuiet).toBe(true);
    expect(
      before.cards
        .filter((card: { isQuiet: boolean }) => card.isQuiet)
        .map((card: { post: { id: string } }) => card.post.id),
    ).toEqual([quiet.post.id]);

    const remind = () =>
      t.request({
        method: 'POST',
        url: `/api/v1/groups/${group.slug}/board/remind-quiet`,
        cookie: moderator,
      });
    expect((await remind()).json()).toEqual({ count: 1 });
    expect(await kindsFor(quiet.helper.id)).toContain(`match-reminder ${quiet.post.id}`);
    for (const other of [talking, fresh]) {
      expect(await kindsFor(other.helper.id)).not.toContain(`match-reminder ${other.post.id}`);
    }
    // Reminded: quiet again only three days later, so a second press sends nothing.
    expect((await board()).tidy.quiet).toBe(0);
    expect((await remind()).json()).toEqual({ count: 0 });
    const reminders = await t.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.userId, quiet.helper.id), eq(notifications.kind, 'match-reminder')),
      );
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ actorId: owner.id, matchId: quiet.match.id });
    await t.db
      .update(matches)
      .set({ remindedAt: new Date(Date.now() - 4 * DAY) })
      .where(eq(matches.id, quiet.match.id));
    expect((await board()).tidy.quiet).toBe(1);
  });
});

describe('unanswered asks', () => {
  it("are brought to the group's moderators once, after the group's threshold", async () => {
    const { group, owner } = await makeGroup(t.deps, { exchangeMode: 'dispatch' });
    const secondModerator = await makeUser(t.deps);
    await addMember(t.deps, group, secondModerator, { role: 'moderator' });
    const member = await makeUser(t.deps);
    await addMember(t.deps, group, member);
    const ask = (title: string, author = member) =>
      makePost(t.deps, { group, author, input: { title } });
    const waiting = await ask('Waiting all day');
    const answered = await ask('Someone offered');
    const recent = await ask('Just posted');
    const ancient = await ask('From last month');
    const byModerator = await ask('Posted by a moderator', secondModerator);
    await makeResponse(t.deps, { post: answered });
    for (const post of [waiting, answered, byModerator]) await postedDaysAgo(post.id, 2);
    await postedDaysAgo(ancient.id, 30);
    const run = () => jobHandlers(t.deps)['unanswered-asks']({});

    await run();
    const ownerKinds = await kindsFor(owner.id);
    expect(ownerKinds).toContain(`unanswered-ask ${waiting.id}`);
    expect(ownerKinds).toContain(`unanswered-ask ${byModerator.id}`);
    for (const post of [answered, recent, ancient]) {
      expect(ownerKinds).not.toContain(`unanswered-ask ${post.id}`);
    }
    // The other moderator hears of the ask, but not of their own; a member hears of neither.
    const secondKinds = await kindsFor(secondModerator.id);
    expect(secondKinds).toContain(`unanswered-ask ${waiting.id}`);
    expect(secondKinds).not.toContain(`unanswered-ask ${byModerator.id}`);
    expect((await kindsFor(member.id)).filter((k) => k.startsWith('unanswered-ask'))).toEqual([]);

    // Once: the next run says nothing again.
    await run();
    expect((await kindsFor(owner.id)).filter((k) => k === `unanswered-ask ${waiting.id}`)).toEqual([
      `unanswered-ask ${waiting.id}`,
    ]);
    // The moderator's list names the ask and its group.
    const list = await t.request({
      url: '/api/v1/notifications',
      cookie: await signIn(t.deps, owner),
    });
    expect(list.json().items).toContainEqual(
      expect.objectContaining({
        kind: 'unanswered-ask',
        postId: waiting.id,
        postTitle: 'Waiting all day',
        group: { slug: group.slug, name: group.name },
      }),
    );
  });

  it('run every ten minutes as a pg-boss schedule', async () => {
    const { rows } = await t.pool.query<{ name: string; cron: string }>(
      'SELECT name, cron FROM pgboss.schedule',
    );
    expect(rows).toContainEqual(
      expect.objectContaining({ name: 'unanswered-asks', cron: '*/10 * * * *' }),
    );
  });
});
