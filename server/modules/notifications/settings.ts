// What a person hears about outside the app: streams per channel, pausing, quiet hours, the
// unsubscribe links of emails (RFC 8058), and an address that keeps refusing mail.
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STREAMS,
  type TNotificationChannel,
  type TNotificationSettings,
  type TNotificationStream,
  type TUpdateNotificationSettings,
} from '../../../common/notifications.ts';
import type { Db } from '../../db/client.ts';
import {
  notificationSettings,
  unsubscribes,
  unsubscribeTokens,
  users,
} from '../../db/schema/index.ts';
import { notFound } from '../../http/errors.ts';
import { hashToken } from '../accounts/tokens.ts';
import type { User } from '../accounts/types.ts';

/** A person's emails stop after this many permanent refusals in a row. */
export const REFUSALS_TO_STOP = 3;
/** Unsubscribes shown with an undo, and how long an email's unsubscribe link works. */
const UNDO_DAYS = 90;
export const UNSUBSCRIBE_TOKEN_DAYS = 180;

export async function getSettings(db: Db, user: User): Promise<TNotificationSettings> {
  const since = new Date(Date.now() - UNDO_DAYS * 86_400_000);
  const [rows, undoable] = await Promise.all([
    db.select().from(notificationSettings).where(eq(notificationSettings.userId, user.id)),
    db
      .select()
      .from(unsubscribes)
      .where(
        and(
          eq(unsubscribes.userId, user.id),
          isNull(unsubscribes.undoneAt),
          gt(unsubscribes.createdAt, since),
        ),
      )
      .orderBy(desc(unsubscribes.createdAt))
      .limit(20),
  ]);
  const isOn = (stream: string, channel: TNotificationChannel = 'email') =>
    rows.find((row) => row.stream === stream && row.channel === channel)?.isOn ?? true;
  const paused = user.notificationsPausedUntil;
  return {
    streams: Object.fromEntries(
      NOTIFICATION_STREAMS.map((stream) => [
        stream,
        { email: isOn(stream), push: isOn(stream, 'push') },
      ]),
    ) as TNotificationSettings['streams'],
    pausedUntil: paused && paused > new Date() ? paused.toISOString() : null,
    quietHours:
      user.quietHoursStart !== null && user.quietHoursEnd !== null
        ? { start: user.quietHoursStart, end: user.quietHoursEnd }
        : null,
    timeZone: user.timeZone,
    emailUndeliverable: user.emailUndeliverableAt !== null,
    // An undo is offered only while that stream is still off.
    unsubscribes: undoable
      .filter((row) => !isOn(row.stream, row.channel))
      .filter(
        (row, i, all) =>
          all.findIndex((other) => other.stream === row.stream && other.channel === row.channel) ===
          i,
      )
      .map((row) => ({
        id: row.id,
        stream: row.stream,
        channel: row.channel,
        createdAt: row.createdAt.toISOString(),
      })),
  };
}

export async function updateSettings(db: Db, user: User, change: TUpdateNotificationSettings) {
  await db.transaction(async (tx) => {
    for (const [stream, channels] of Object.entries(change.streams ?? {})) {
      for (const channel of NOTIFICATION_CHANNELS) {
        const isOn = channels?.[channel];
        if (isOn === undefined) continue;
        await tx
          .insert(notificationSettings)
          .values({ userId: user.id, stream: stream as TNotificationStream, channel, isOn })
          .onConflictDoUpdate({
            target: [
              notificationSettings.userId,
              notificationSettings.stream,
              notificationSettings.channel,
            ],
            set: { isOn, updatedAt: new Date() },
          });
      }
    }
    const account: Partial<typeof users.$inferInsert> = {};
    if (change.pauseDays !== undefined) {
      account.notificationsPausedUntil =
        change.pauseDays === 0 ? null : new Date(Date.now() + change.pauseDays * 86_400_000);
    }
    if (change.quietHours !== undefined) {
      account.quietHoursStart = change.quietHours?.start ?? null;
      account.quietHoursEnd = change.quietHours?.end ?? null;
    }
    if (change.timeZone !== undefined) account.timeZone = change.timeZone;
    if (change.retryEmail) {
      account.emailUndeliverableAt = null;
      account.emailFailures = 0;
    }
    if (Object.keys(account).length > 0) {
      await tx
        .update(users)
        .set({ ...account, updatedAt: new Date() })
        .where(eq(users.id, user.id));
    }
  });
}

/** The account as it is now, after a change to it. */
export async function reloadUser(db: Db, id: string): Promise<User> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  if (!user) throw notFound('account');
  return user;
}

/** The one answer for every token that opens nothing: unknown, mistyped or too old. */
export const linkNotValid = () => notFound('unsubscribe link');

/** The stream an unsubscribe link stops; undefined for a token that is unknown or too old. */
export async function findUnsubscribeLink(db: Db, secret: string, token: string) {
  const since = new Date(Date.now() - UNSUBSCRIBE_TOKEN_DAYS * 86_400_000);
  const [link] = await db
    .select({
      userId: unsubscribeTokens.userId,
      stream: unsubscribeTokens.stream,
      channel: unsubscribeTokens.channel,
    })
    .from(unsubscribeTokens)
    .where(
      and(
        eq(unsubscribeTokens.tokenHash, hashToken(secret, token)),
        gt(unsubscribeTokens.createdAt, since),
      ),
    );
  return link;
}

/**
 * The POST of an unsubscribe link (the page's button, or a mail client's one-click): the stream
 * is turned off and the change logged for the settings page's undo. Pressing it again changes
 * nothing more. An unknown token is the same 404 whatever it is.
 */
export async function unsubscribe(db: Db, secret: string, token: string) {
  const link = await findUnsubscribeLink(db, secret, token);
  if (!link) throw linkNotValid();
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ isOn: notificationSettings.isOn })
      .from(notificationSettings)
      .where(
        and(
          eq(notificationSettings.userId, link.userId),
          eq(notificationSettings.stream, link.stream),
          eq(notificationSettings.channel, link.channel),
        ),
      )
      .for('update');
    if (before && !before.isOn) return;
    await tx
      .insert(notificationSettings)
      .values({ ...link, isOn: false })
      .onConflictDoUpdate({
        target: [
          notificationSettings.userId,
          notificationSettings.stream,
          notificationSettings.channel,
        ],
        set: { isOn: false, updatedAt: new Date() },
      });
    await tx.insert(unsubscribes).values(link);
  });
  return link;
}

/** "Undo" beside an unsubscribe in the settings: the stream is on again. */
export async function undoUnsubscribe(db: Db, user: User, id: string) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(unsubscribes)
      .set({ undoneAt: new Date() })
      .where(
        and(
          eq(unsubscribes.id, id),
          eq(unsubscribes.userId, user.id),
          isNull(unsubscribes.undoneAt),
        ),
      )
      .returning();
    if (!row) throw notFound('unsubscribe');
    await tx
      .insert(notificationSettings)
      .values({ userId: user.id, stream: row.stream, channel: row.channel, isOn: true })
      .onConflictDoUpdate({
        target: [
          notificationSettings.userId,
          notificationSettings.stream,
          notificationSettings.channel,
        ],
        set: { isOn: true, updatedAt: new Date() },
      });
  });
}

/** A permanent refusal of a person's notification email; the third in a row stops them. */
export async function recordEmailRefused(db: Db, userId: string) {
  await db.execute(sql`
    UPDATE users SET email_failures = email_failures + 1,
      email_undeliverable_at = CASE WHEN email_failures + 1 >= ${REFUSALS_TO_STOP}
        THEN coalesce(email_undeliverable_at, now()) END
    WHERE id = ${userId}`);
}

/** An email that went: the refusals before it no longer count. Writes only after a refusal. */
export async function recordEmailSent(db: Db, userId: string) {
  await db.execute(sql`
    UPDATE users SET email_failures = 0 WHERE id = ${userId} AND email_failures > 0`);
}

/** Housekeeping: unsubscribe links past their time. */
export async function deleteOldUnsubscribeTokens(db: Db) {
  await db.execute(sql`
    DELETE FROM unsubscribe_tokens
    WHERE created_at < now() - make_interval(days => ${UNSUBSCRIBE_TOKEN_DAYS})`);
}
