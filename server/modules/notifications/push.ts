// A person's devices that receive web push: saved from the browser's PushSubscription, listed
// in the settings, removed by the person or when the push service says the device is gone.
import { and, asc, eq, notInArray, sql } from 'drizzle-orm';
import type { TPushDevice, TPushSubscription } from '../../../common/notifications.ts';
import type { Db } from '../../db/client.ts';
import { pushSubscriptions } from '../../db/schema/index.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import type { User } from '../accounts/types.ts';

/** Devices kept per person; a new one beyond this replaces the one unused the longest. */
export const DEVICES_MAX = 10;

/** Whether a push address is on a host this server will post to (`*.` for any subdomain). */
export function isPushServiceHost(endpoint: string, hosts: readonly string[]) {
  const url = new URL(endpoint);
  return hosts.some((host) => {
    if (host.startsWith('*.')) return url.hostname.endsWith(host.slice(1));
    return host.includes(':') ? url.host === host : url.hostname === host;
  });
}

type Row = typeof pushSubscriptions.$inferSelect;
const present = (row: Row): TPushDevice => ({
  id: row.id,
  label: row.label,
  service: new URL(row.endpoint).hostname,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
});

/**
 * Saves this browser's subscription for the person signed in. A browser's push address is its
 * own: if another account had it (a shared computer), it now belongs to whoever turned push on
 * there last, so nobody receives pushes meant for the person who used it before.
 */
export async function saveDevice(
  db: Db,
  user: User,
  subscription: TPushSubscription,
  hosts: readonly string[],
): Promise<TPushDevice> {
  if (!isPushServiceHost(subscription.endpoint, hosts)) {
    throw badRequest('invalid-input', 'This is not the address of a push service Kindred uses.', [
      {
        field: 'endpoint',
        code: 'push-service',
        message: 'Not a push service this Kindred sends to.',
      },
    ]);
  }
  return db.transaction(async (tx) => {
    const values = {
      userId: user.id,
      endpoint: subscription.endpoint,
      p256dh: subscription.keys.p256dh.replace(/=+$/, ''),
      auth: subscription.keys.auth.replace(/=+$/, ''),
      label: subscription.label || null,
    };
    const [row] = await tx
      .insert(pushSubscriptions)
      .values(values)
      .onConflictDoUpdate({
        target: pushSubscriptions.endpoint,
        set: {
          ...values,
          createdAt: sql`CASE WHEN ${pushSubscriptions.userId} = ${user.id}
          THEN ${pushSubscriptions.createdAt} ELSE now() END`,
        },
      })
      .returning();
    // Beyond the limit, the devices unused the longest go.
    const keep = await tx
      .select({ id: pushSubscriptions.id })
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.userId, user.id))
      .orderBy(sql`coalesce(${pushSubscriptions.lastUsedAt}, ${pushSubscriptions.createdAt}) DESC`)
      .limit(DEVICES_MAX);
    await tx.delete(pushSubscriptions).where(
      and(
        eq(pushSubscriptions.userId, user.id),
        notInArray(
          pushSubscriptions.id,
          keep.map((k) => k.id),
        ),
      ),
    );
    return present(row!);
  });
}

export async function listDevices(db: Db, user: User): Promise<TPushDevice[]> {
  const rows = await db
    .select()
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.userId, user.id))
    .orderBy(asc(pushSubscriptions.createdAt));
  return rows.map(present);
}

/** Push off on one device: by its id (the settings' list) or its address (that browser). */
export async function removeDevice(db: Db, user: User, which: { id?: string; endpoint?: string }) {
  const match = which.id
    ? eq(pushSubscriptions.id, which.id)
    : eq(pushSubscriptions.endpoint, which.endpoint ?? '');
  const removed = await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.userId, user.id), match))
    .returning({ id: pushSubscriptions.id });
  if (removed.length === 0) throw notFound('device');
}

/** The device a push job is for; undefined once push is off there. */
export async function targetOf(db: Db, id: string) {
  const [row] = await db
    .select({
      endpoint: pushSubscriptions.endpoint,
      p256dh: pushSubscriptions.p256dh,
      auth: pushSubscriptions.auth,
    })
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.id, id));
  return row;
}

/** A push taken by the push service: the device is in use (written at most once an hour). */
export async function pushSent(db: Db, id: string) {
  await db.execute(sql`
    UPDATE push_subscriptions SET last_used_at = now()
    WHERE id = ${id} AND (last_used_at IS NULL OR last_used_at < now() - interval '1 hour')`);
}

/** The push service says the device is gone (404/410): it gets no more pushes. */
export async function removeGoneDevice(db: Db, id: string) {
  await db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, id));
}

/** "Sign out everywhere": no device keeps receiving the person's pushes. */
export async function removeAllDevices(db: Db, userId: string) {
  await db.delete(pushSubscriptions).where(eq(pushSubscriptions.userId, userId));
}
