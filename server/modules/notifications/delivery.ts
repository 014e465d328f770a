// The job that takes notifications outside the app. Every notification row is its own outbox:
// made in the transaction of what caused it, it waits with `delivered_at` empty until a run of
// this job decides it (an email and pushes queued, or none due) and marks it, in one transaction. A run
// takes its rows with SKIP LOCKED, so two instances never decide the same row, and a run killed
// midway rolls back and leaves its rows for the next one.
import { sql } from 'drizzle-orm';
import { toLocale } from '../../../common/constants.ts';
import {
  STREAM_OF,
  type TNotificationChannel,
  type TNotificationStream,
} from '../../../common/notifications.ts';
import type { Tx } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import type { JobData } from '../../jobs/queue.ts';
import type { Mail } from '../../mail/mailer.ts';
import { sealMail } from '../../mail/seal.ts';
import { hashToken, newToken } from '../accounts/tokens.ts';
import { notificationEmail, notificationPush, type Side } from './emails.ts';

/** Rows decided per transaction, and transactions per run (the next run takes the rest). */
const BATCH = 500;
const BATCHES_PER_RUN = 20;

/**
 * Kinds that are gathered into one email per thread (a match's messages) or per group (asks
 * waiting for moderators): at most one email in this many minutes, saying how many.
 */
const BATCH_MINUTES: Partial<Record<string, number>> = { message: 10, 'unanswered-ask': 60 };

type Row = {
  id: string;
  user_id: string;
  kind: keyof typeof STREAM_OF;
  post_id: string | null;
  match_id: string | null;
  group_id: string | null;
  is_read: boolean;
  email: string;
  locale: string;
  is_disabled: boolean;
  is_undeliverable: boolean;
  is_paused: boolean;
  time_zone: string | null;
  quiet_start: number | null;
  quiet_end: number | null;
  urgency: string | null;
  asker_id: string | null;
  group_slug: string | null;
};

type Decision =
  | { id: string; outcome: 'none' }
  | { id: string; outcome: 'hold'; until: Date }
  | { id: string; outcome: 'send'; email: boolean; push: boolean };

/** Decides every notification waiting (up to a bound); returns how many emails it queued. */
export async function deliverNotifications(
  deps: Pick<Deps, 'db' | 'config' | 'secret' | 'jobs'>,
  now = new Date(),
) {
  let emails = 0;
  for (let i = 0; i < BATCHES_PER_RUN; i++) {
    const batch = await deps.db.transaction((tx) => deliverBatch(deps, tx, now));
    emails += batch.emails;
    if (batch.taken < BATCH) break;
  }
  return emails;
}

async function deliverBatch(
  deps: Pick<Deps, 'config' | 'secret' | 'jobs'>,
  tx: Tx,
  now: Date,
): Promise<{ taken: number; emails: number; pushes: number }> {
  const { rows } = await tx.execute<Row>(sql`
    SELECT n.id, n.user_id, n.kind, n.post_id, n.match_id, n.group_id,
           n.read_at IS NOT NULL AS is_read, u.email, u.locale,
           u.disabled_at IS NOT NULL AS is_disabled,
           u.email_undeliverable_at IS NOT NULL AS is_undeliverable,
           coalesce(u.notifications_paused_until > ${now}, false) AS is_paused, u.time_zone,
           u.quiet_hours_start AS quiet_start, u.quiet_hours_end AS quiet_end,
           p.urgency, m.asker_id, g.slug AS group_slug
    FROM (
      SELECT * FROM notifications
      WHERE delivered_at IS NULL AND (hold_until IS NULL OR hold_until <= ${now})
      ORDER BY created_at
      LIMIT ${BATCH}
      FOR UPDATE SKIP LOCKED
    ) n
    JOIN users u ON u.id = n.user_id
    LEFT JOIN matches m ON m.id = n.match_id
    LEFT JOIN posts p ON p.id = coalesce(n.post_id, m.post_id)
    LEFT JOIN groups g ON g.id = coalesce(n.group_id, p.group_id)
    ORDER BY n.created_at`);
  if (rows.length === 0) return { taken: 0, emails: 0, pushes: 0 };

  const userIds = `{${[...new Set(rows.map((row) => row.user_id))].join(',')}}`;
  const { rows: offRows } = await tx.execute<{
    user_id: string;
    stream: TNotificationStream;
    channel: TNotificationChannel;
  }>(sql`
    SELECT user_id, stream, channel FROM notification_settings
    WHERE user_id = ANY (${userIds}::uuid[]) AND NOT is_on`);
  const off = new Set(offRows.map((row) => `${row.user_id}|${row.stream}|${row.channel}`));
  // Each person's devices that receive push.
  const { rows: deviceRows } = await tx.execute<{ id: string; user_id: string }>(sql`
    SELECT id, user_id FROM push_subscriptions WHERE user_id = ANY (${userIds}::uuid[])`);
  const devices = new Map<string, string[]>();
  for (const device of deviceRows) {
    devices.set(device.user_id, [...(devices.get(device.user_id) ?? []), device.id]);
  }
  // When each batched thread last had an email or a push, within the longest window.
  const { rows: lastRows } = await tx.execute<{ key: string; at: Date }>(sql`
    SELECT user_id || '|' || kind || '|' || coalesce(match_id, group_id)::text AS key,
           max(greatest(emailed_at, pushed_at)) AS at
    FROM notifications
    WHERE user_id = ANY (${userIds}::uuid[]) AND kind IN ('message', 'unanswered-ask')
      AND greatest(emailed_at, pushed_at) > ${new Date(now.getTime() - 60 * 60_000)}
    GROUP BY 1`);
  const lastSent = new Map(lastRows.map((row) => [row.key, new Date(row.at)]));

  const decisions: Decision[] = [];
  // What to send: one email and one push per notification, or per batched thread for all its rows.
  const outgoing = new Map<string, { row: Row; count: number; email: boolean; push: boolean }>();
  for (const row of rows) {
    const stream = STREAM_OF[row.kind];
    const isHeard = !row.is_disabled && !row.is_read && !row.is_paused;
    const email = isHeard && !row.is_undeliverable && !off.has(`${row.user_id}|${stream}|email`);
    const push = isHeard && devices.has(row.user_id) && !off.has(`${row.user_id}|${stream}|push`);
    if (!email && !push) {
      decisions.push({ id: row.id, outcome: 'none' });
      continue;
    }
    const morning = row.urgency === 'today' ? null : quietUntil(row, now);
    if (morning) {
      decisions.push({ id: row.id, outcome: 'hold', until: morning });
      continue;
    }
    const minutes = BATCH_MINUTES[row.kind];
    const key = minutes ? `${row.user_id}|${row.kind}|${row.match_id ?? row.group_id}` : row.id;
    const last = lastSent.get(key);
    if (minutes && last && last.getTime() + minutes * 60_000 > now.getTime()) {
      decisions.push({
        id: row.id,
        outcome: 'hold',
        until: new Date(last.getTime() + minutes * 60_000),
      });
      continue;
    }
    decisions.push({ id: row.id, outcome: 'send', email, push });
    const existing = outgoing.get(key);
    if (existing) existing.count += 1;
    else outgoing.set(key, { row, count: 1, email, push });
  }

  const mails: Mail[] = [];
  const pushes: JobData['push'][] = [];
  const tokens: Array<{ hash: string; userId: string; stream: TNotificationStream }> = [];
  const followUps: Array<{ hash: string; userId: string; matchId: string }> = [];
  const base = deps.config.publicUrl;
  for (const { row, count, email, push } of outgoing.values()) {
    const stream = STREAM_OF[row.kind];
    const side: Side = row.match_id ? (row.asker_id === row.user_id ? 'asker' : 'helper') : null;
    const locale = toLocale(row.locale);
    if (push) {
      // One notification on the device per thread (or post, or group): the next replaces it.
      const about = (row.match_id ?? row.post_id ?? row.group_id ?? row.id).replaceAll('-', '');
      const payload = notificationPush({
        locale,
        kind: row.kind,
        side,
        count,
        path: pathOf(row),
        tag: `${stream}-${about}`,
      });
      for (const subscriptionId of devices.get(row.user_id) ?? []) {
        pushes.push({
          subscriptionId,
          payload,
          urgency: row.urgency === 'today' ? 'high' : 'normal',
          topic: about,
        });
      }
    }
    if (!email) continue;
    const token = newToken();
    tokens.push({ hash: hashToken(deps.secret, token), userId: row.user_id, stream });
    // "Did it happen?" carries its two answers, each a page that acts only on its POST.
    let answers: { yes: string; no: string } | undefined;
    if (row.kind === 'confirm-reminder' && row.match_id) {
      const answer = newToken();
      followUps.push({
        hash: hashToken(deps.secret, answer),
        userId: row.user_id,
        matchId: row.match_id,
      });
      answers = {
        yes: new URL(`/did-it-happen/${answer}?answer=yes`, base).href,
        no: new URL(`/did-it-happen/${answer}?answer=no`, base).href,
      };
    }
    mails.push(
      notificationEmail({
        to: row.email,
        userId: row.user_id,
        locale,
        kind: row.kind,
        side,
        count,
        link: new URL(pathOf(row), base).href,
        settingsUrl: new URL('/settings/notifications', base).href,
        unsubscribeUrl: new URL(`/unsubscribe/${token}`, base).href,
        oneClickUrl: new URL(`/api/v1/unsubscribe/${token}`, base).href,
        answers,
      }),
    );
  }
  if (tokens.length > 0) {
    await tx.execute(sql`
      INSERT INTO unsubscribe_tokens (token_hash, user_id, stream, channel)
      SELECT hash, user_id, stream, ${'email' satisfies TNotificationChannel}
      FROM unnest(${`{${tokens.map((t) => t.hash).join(',')}}`}::text[],
                  ${`{${tokens.map((t) => t.userId).join(',')}}`}::uuid[],
                  ${`{${tokens.map((t) => t.stream).join(',')}}`}::text[])
        AS t(hash, user_id, stream)`);
  }
  if (followUps.length > 0) {
    await tx.execute(sql`
      INSERT INTO follow_up_tokens (token_hash, user_id, match_id)
      SELECT * FROM unnest(${`{${followUps.map((t) => t.hash).join(',')}}`}::text[],
                           ${`{${followUps.map((t) => t.userId).join(',')}}`}::uuid[],
                           ${`{${followUps.map((t) => t.matchId).join(',')}}`}::uuid[])`);
  }
  await deps.jobs.sendMany(
    tx,
    'email',
    mails.map((mail): JobData['email'] => ({ sealed: sealMail(deps.secret, mail) })),
  );
  await deps.jobs.sendMany(tx, 'push', pushes);
  const ids = decisions.map((d) => d.id);
  const holds = decisions.map((d) => (d.outcome === 'hold' ? d.until.toISOString() : ''));
  const emailed = decisions.map((d) => d.outcome === 'send' && d.email);
  const pushed = decisions.map((d) => d.outcome === 'send' && d.push);
  await tx.execute(sql`
    UPDATE notifications n
    SET delivered_at = CASE WHEN d.hold = '' THEN ${now}::timestamptz END,
        hold_until = CASE WHEN d.hold = '' THEN NULL ELSE d.hold::timestamptz END,
        emailed_at = CASE WHEN d.emailed THEN ${now}::timestamptz END,
        pushed_at = CASE WHEN d.pushed THEN ${now}::timestamptz END
    FROM unnest(${`{${ids.join(',')}}`}::uuid[], ${`{${holds.map((h) => `"${h}"`).join(',')}}`}::text[],
                ${`{${emailed.join(',')}}`}::boolean[], ${`{${pushed.join(',')}}`}::boolean[])
      AS d(id, hold, emailed, pushed)
    WHERE n.id = d.id`);
  return { taken: rows.length, emails: mails.length, pushes: pushes.length };
}

/** The page a notification is about, as the notifications list links it. */
function pathOf(row: Row) {
  if (row.kind === 'join-request' && row.group_slug) {
    return `/groups/${row.group_slug}/members?tab=pending`;
  }
  if (row.kind === 'unanswered-ask' && row.group_slug) return `/groups/${row.group_slug}/board`;
  if (row.kind === 'removed') return '/';
  if (row.match_id) return `/matches/${row.match_id}`;
  if (row.post_id) return `/posts/${row.post_id}`;
  return '/';
}

/**
 * The end of the person's quiet hours if `now` is inside them, in their time zone; null when
 * it is not, or when they have no quiet hours or no known time zone.
 */
export function quietUntil(
  person: { time_zone: string | null; quiet_start: number | null; quiet_end: number | null },
  now: Date,
): Date | null {
  const { time_zone: zone, quiet_start: start, quiet_end: end } = person;
  if (!zone || start === null || end === null || start === end) return null;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(now);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value);
  const isQuiet = start > end ? hour >= start || hour < end : hour >= start && hour < end;
  if (!isQuiet) return null;
  const minutesLeft = (end * 60 - (hour * 60 + minute) + 1440) % 1440;
  const until = new Date(now.getTime() + minutesLeft * 60_000);
  until.setUTCSeconds(0, 0);
  return until;
}
