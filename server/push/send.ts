import webpush, { WebPushError } from 'web-push';
import type { TPushPayload } from '../../common/notifications.ts';
import type { Vapid } from './vapid.ts';

/** A device to push to: its push service address and the keys of RFC 8291. */
export type PushTarget = { endpoint: string; p256dh: string; auth: string };

/**
 * What became of a push: taken by the push service, the device gone (404/410: its subscription
 * is to be removed), or refused in a way no retry changes (another 4xx). Anything a retry may
 * change (429, 5xx, the network) throws, and the job is tried again.
 */
export type PushOutcome = 'sent' | 'gone' | 'refused';

/** How long a push service keeps a message for a device that is off: a day. */
const TTL_SECONDS = 24 * 60 * 60;

/** Encrypts the payload to the device (aes128gcm, RFC 8291) and posts it, signed with VAPID. */
export async function sendPush(
  vapid: Vapid,
  target: PushTarget,
  payload: TPushPayload,
  options: { urgency: 'normal' | 'high'; topic: string | undefined },
): Promise<{ outcome: PushOutcome; status?: number }> {
  try {
    await webpush.sendNotification(
      { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
      JSON.stringify(payload),
      {
        vapidDetails: vapid,
        TTL: TTL_SECONDS,
        urgency: options.urgency,
        // A later push with the same topic replaces one the device has not received yet.
        ...(options.topic ? { topic: options.topic } : {}),
        contentEncoding: 'aes128gcm',
        timeout: 15_000,
      },
    );
    return { outcome: 'sent' };
  } catch (error) {
    if (!(error instanceof WebPushError)) throw error;
    const status = error.statusCode;
    if (status === 404 || status === 410) return { outcome: 'gone', status };
    if (status === 429 || status >= 500) {
      // The body of a push service's answer is not logged: only its status.
      throw Object.assign(new Error(`the push service answered ${status}`), { status });
    }
    return { outcome: 'refused', status };
  }
}
