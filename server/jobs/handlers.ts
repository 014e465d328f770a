import type { Deps } from '../deps.ts';
import { deleteExpiredRateLimits } from '../http/rate-limit.ts';
import { describeError } from '../log.ts';
import { unsealMail } from '../mail/seal.ts';
import { deleteExpiredSessions } from '../modules/accounts/store.ts';
import { alertNewAsks } from '../modules/matching/ask-alerts.ts';
import { deleteOldFollowUpTokens, followUpMatches } from '../modules/matching/follow-ups.ts';
import { alertUnansweredAsks } from '../modules/matching/unanswered.ts';
import { deliverNotifications } from '../modules/notifications/delivery.ts';
import { pushSent, removeGoneDevice, targetOf } from '../modules/notifications/push.ts';
import {
  deleteOldUnsubscribeTokens,
  recordEmailRefused,
  recordEmailSent,
} from '../modules/notifications/settings.ts';
import { deleteOldIdempotencyKeys, purgeClosedPrivateRecords } from '../modules/posts/retention.ts';
import { sendPush } from '../push/send.ts';
import type { JobHandlers } from './queue.ts';

/** A mail server's answer that no retry will change (a refused address, a message refused). */
const isPermanent = (error: { responseCode?: number }) =>
  typeof error.responseCode === 'number' && error.responseCode >= 500 && error.responseCode < 600;

/** What each job does. A handler that throws is logged and tried again by the queue. */
export function jobHandlers(
  deps: Pick<Deps, 'db' | 'pool' | 'config' | 'secret' | 'mailer' | 'log' | 'jobs' | 'vapid'>,
): JobHandlers {
  return {
    async email({ sealed }) {
      // Instances share SESSION_SECRET, so whichever takes the job can open it.
      const mail = unsealMail(deps.secret, sealed);
      try {
        await deps.mailer.send(mail);
        if (mail.userId) await recordEmailSent(deps.db, mail.userId);
      } catch (error) {
        const failure = error as Error & { code?: string; responseCode?: number };
        // Codes only: a mail server's refusal quotes the recipient's address (SAFETY 22).
        const facts = { code: failure.code, responseCode: failure.responseCode };
        if (isPermanent(failure)) {
          deps.log.error(facts, 'an email was refused by the mail server and will not be retried');
          // A person's notification: three refusals in a row stop their email until they fix it.
          if (mail.userId) await recordEmailRefused(deps.db, mail.userId);
          return;
        }
        throw Object.assign(
          new Error(`could not send an email (${failure.code ?? 'unknown'})`),
          facts,
        );
      }
    },
    async push({ subscriptionId, payload, urgency, topic }) {
      // Turned off on that device since, or replaced: nothing to send.
      const target = await targetOf(deps.db, subscriptionId);
      if (!target) return;
      const { outcome, status } = await sendPush(deps.vapid, target, payload, { urgency, topic });
      if (outcome === 'sent') await pushSent(deps.db, subscriptionId);
      else if (outcome === 'gone') {
        await removeGoneDevice(deps.db, subscriptionId);
        deps.log.info({ status }, 'a device no longer receives push: its subscription is removed');
      } else
        deps.log.warn({ status }, 'a push was refused by the push service and will not be retried');
    },
    async housekeeping() {
      const steps: Array<[string, () => Promise<unknown>]> = [
        ['expired sessions', () => deleteExpiredSessions(deps.db, deps.config.sessionIdleMs)],
        ['expired rate limits', () => deleteExpiredRateLimits(deps.pool)],
        ['old idempotency keys', () => deleteOldIdempotencyKeys(deps.db)],
        ['old unsubscribe links', () => deleteOldUnsubscribeTokens(deps.db)],
        ['old follow-up links', () => deleteOldFollowUpTokens(deps.db)],
        [
          'closed private records',
          () => purgeClosedPrivateRecords(deps.db, deps.config.privateRetentionDays),
        ],
      ];
      const failed: string[] = [];
      for (const [what, step] of steps) {
        await step().catch((error: unknown) => {
          deps.log.error({ error: describeError(error) }, `housekeeping: ${what} failed`);
          failed.push(what);
        });
      }
      if (failed.length > 0) throw new Error(`housekeeping failed: ${failed.join(', ')}`);
    },
    async 'deliver-notifications'() {
      await deliverNotifications(deps);
    },
    async 'ask-alerts'() {
      const count = await alertNewAsks(deps.db);
      if (count > 0) deps.log.info({ count }, 'new asks brought to the helpers who fit them');
    },
    async 'follow-ups'() {
      const counts = await followUpMatches(deps.db);
      if (counts.asked + counts.escalated + counts.nudged > 0) {
        deps.log.info(counts, 'matches followed up');
      }
    },
    async 'unanswered-asks'() {
      const count = await alertUnansweredAsks(deps.db);
      if (count > 0) deps.log.info({ count }, 'unanswered asks brought to their moderators');
    },
  };
}
