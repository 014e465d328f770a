// A scheduled job that keeps matches from going quiet: a day after a helper marks a match done
// with no confirmation, the person helped is asked "Did it happen?" (an email with two answers,
// each a page that acts only on its POST); two days after that, the group's moderators are told;
// and a helper whose match has been quiet for STALE_MATCH_DAYS is asked "still on for this?".
// Each step marks its matches in the statement that finds them (SKIP LOCKED), so it happens once
// whichever instance runs it, and a run that fails rolls back for the next.
import { and, eq, gt, sql } from 'drizzle-orm';
import {
  CONFIRM_REMINDER_HOURS,
  STALE_MATCH_DAYS,
  UNCONFIRMED_ALERT_HOURS,
} from '../../../common/constants.ts';
import type { Db, Tx } from '../../db/client.ts';
import { followUpTokens, users } from '../../db/schema/index.ts';
import { conflict } from '../../http/errors.ts';
import { hashToken } from '../accounts/tokens.ts';
import type { User } from '../accounts/types.ts';
import { notify } from '../notifications/notify.ts';
import { linkNotValid } from '../notifications/settings.ts';
import { confirm, loadMatch } from './steps.ts';
import * as store from './store.ts';
import { tellModerators } from './tell-moderators.ts';

/** Matches per step and run; the next run (every 10 minutes) takes the rest. */
const PER_RUN = 500;
/**
 * A step older than this when first due is skipped: after a long outage people hear about this
 * week, not about last month.
 */
const LOOK_BACK_DAYS = 7;
/** How long a "Did it happen?" link answers. */
export const FOLLOW_UP_TOKEN_DAYS = 30;

/** Runs every follow-up that is due; returns how many matches each step covered. */
export async function followUpMatches(db: Db) {
  return db.transaction(async (tx) => ({
    asked: await askDidItHappen(tx),
    escalated: await escalateUnconfirmed(tx),
    nudged: await askStillOn(tx),
  }));
}

async function askDidItHappen(tx: Tx) {
  const { rows } = await tx.execute<{ id: string; asker_id: string; post_id: string }>(sql`
    UPDATE matches SET followed_up_at = now()
    WHERE id IN (
      SELECT id FROM matches
      WHERE status = 'done' AND followed_up_at IS NULL
        AND done_at < now() - make_interval(hours => ${CONFIRM_REMINDER_HOURS})
        AND done_at > now() - make_interval(hours => ${CONFIRM_REMINDER_HOURS}, days => ${LOOK_BACK_DAYS})
      LIMIT ${PER_RUN}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, asker_id, post_id`);
  for (const match of rows) {
    await notify(tx, {
      userIds: [match.asker_id],
      kind: 'confirm-reminder',
      actorId: null,
      matchId: match.id,
    });
  }
  return rows.length;
}

async function escalateUnconfirmed(tx: Tx) {
  const { rows } = await tx.execute<{ id: string; group_id: string; post_id: string }>(sql`
    UPDATE matches m SET escalated_at = now()
    FROM posts p
    WHERE p.id = m.post_id AND m.id IN (
      SELECT id FROM matches
      WHERE status = 'done' AND escalated_at IS NULL AND followed_up_at IS NOT NULL
        AND followed_up_at < now() - make_interval(hours => ${UNCONFIRMED_ALERT_HOURS})
        AND followed_up_at > now() - make_interval(hours => ${UNCONFIRMED_ALERT_HOURS}, days => ${LOOK_BACK_DAYS})
      LIMIT ${PER_RUN}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING m.id, p.group_id, m.post_id`);
  await tellModerators(
    tx,
    'unconfirmed',
    rows.map((row) => ({ groupId: row.group_id, matchId: row.id })),
  );
  return rows.length;
}

async function askStillOn(tx: Tx) {
  // Quiet as the board counts it: nothing new (a message, a step) for STALE_MATCH_DAYS; asked
  // once per match, and never when a moderator has already reminded the helper.
  const { rows } = await tx.execute<{ id: string; helper_id: string }>(sql`
    UPDATE matches SET reminded_at = now()
    WHERE id IN (
      SELECT m.id FROM matches m
      WHERE m.status = 'accepted' AND m.reminded_at IS NULL
        AND m.created_at > now() - make_interval(days => ${STALE_MATCH_DAYS + LOOK_BACK_DAYS})
        AND greatest(
          m.created_at,
          (SELECT max(mm.created_at) FROM match_messages mm WHERE mm.match_id = m.id),
          (SELECT max(e.created_at) FROM match_events e WHERE e.match_id = m.id)
        ) < now() - make_interval(days => ${STALE_MATCH_DAYS})
      LIMIT ${PER_RUN}
      FOR UPDATE OF m SKIP LOCKED
    )
    RETURNING id, helper_id`);
  for (const match of rows) {
    await notify(tx, {
      userIds: [match.helper_id],
      kind: 'still-on',
      actorId: null,
      matchId: match.id,
    });
  }
  return rows.length;
}

/** The match and person a "Did it happen?" link is for; undefined when unknown or too old. */
async function findLink(db: Db, secret: string, token: string) {
  const since = new Date(Date.now() - FOLLOW_UP_TOKEN_DAYS * 86_400_000);
  const [link] = await db
    .select({ matchId: followUpTokens.matchId, userId: followUpTokens.userId })
    .from(followUpTokens)
    .where(
      and(
        eq(followUpTokens.tokenHash, hashToken(secret, token)),
        gt(followUpTokens.createdAt, since),
      ),
    );
  return link;
}

/** Where the match of a "Did it happen?" link is now (changes nothing). */
export async function readFollowUp(db: Db, secret: string, token: string) {
  const link = await findLink(db, secret, token);
  if (!link) throw linkNotValid();
  const match = await store.findMatch(db, link.matchId);
  if (!match) throw linkNotValid();
  return {
    state:
      match.status === 'done'
        ? ('waiting' as const)
        : match.status === 'confirmed'
          ? ('confirmed' as const)
          : ('moved-on' as const),
  };
}

/**
 * The POST of a "Did it happen?" answer, from the email's link, signed in or not: the link is
 * the person helped's own. Yes confirms the match as their own confirm does; no gives it back to
 * the helper (it is not done yet) and tells the helper and the group's moderators. Answering a
 * match that has moved on changes nothing and says so.
 */
export async function answerFollowUp(
  deps: { db: Db },
  secret: string,
  token: string,
  answer: 'yes' | 'no',
) {
  const link = await findLink(deps.db, secret, token);
  if (!link) throw linkNotValid();
  const [user] = await deps.db.select().from(users).where(eq(users.id, link.userId));
  if (!user) throw linkNotValid();
  const loaded = await loadMatch(deps, link.matchId, user as User).catch(() => {
    throw linkNotValid();
  });
  if (loaded.match.status === 'confirmed' && answer === 'yes')
    return { state: 'confirmed' as const };
  if (loaded.match.status !== 'done') {
    throw conflict('match-changed', 'This match has moved on: open Kindred to see where it is.');
  }
  if (answer === 'yes') {
    await confirm(deps, { loaded, user: user as User, thankYou: null });
    return { state: 'confirmed' as const };
  }
  await deps.db.transaction(async (tx) => {
    const updated = await store.moveMatch(tx, loaded.match.id, ['done'], {
      status: 'accepted',
      doneAt: null,
      followedUpAt: null,
      escalatedAt: null,
    });
    if (!updated) throw conflict('match-changed', 'This match has moved on.');
    await store.addEvent(tx, { matchId: updated.id, kind: 'not-done', actorId: user.id });
    await notify(tx, {
      userIds: [updated.helperId],
      kind: 'not-done',
      actorId: user.id,
      matchId: updated.id,
    });
    await tellModerators(tx, 'not-done', [
      { groupId: loaded.group.id, matchId: updated.id, actorId: user.id },
    ]);
  });
  return { state: 'waiting' as const };
}

/** Housekeeping: "Did it happen?" links past their time. */
export async function deleteOldFollowUpTokens(db: Db) {
  await db.execute(sql`
    DELETE FROM follow_up_tokens
    WHERE created_at < now() - make_interval(days => ${FOLLOW_UP_TOKEN_DAYS})`);
}
