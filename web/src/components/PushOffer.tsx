import { useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { problemMessage } from '../api/messages.ts';
import {
  dismissPushOffer,
  onPushOfferChange,
  PushNotAllowed,
  readPushOffer,
  useThisDevice,
  useTurnOnPush,
} from '../api/push.ts';

/**
 * "Hear back even with Kindred closed?": offered once a person has asked for help or offered it
 * (markPushOfferDue), on a browser that can show notifications and does not yet. "Not now"
 * is remembered on this device.
 */
export function PushOffer() {
  const { t } = useTranslation();
  const offer = useSyncExternalStore(onPushOfferChange, readPushOffer, () => null);
  const here = useThisDevice(offer === 'due');
  const turnOn = useTurnOnPush();
  const [isDone, setDone] = useState(false);
  if (isDone) {
    return (
      <section className="push-offer" aria-labelledby="push-offer-title">
        <p id="push-offer-title" role="status">
          {t('pushOffer.done')}{' '}
          <Link to="/settings/notifications" onClick={() => setDone(false)}>
            {t('pushOffer.settings')}
          </Link>
        </p>
      </section>
    );
  }
  // Not once push is on here, nor where the person has blocked notifications for Kindred.
  if (offer !== 'due' || !here.data || here.data.isSubscribed) return null;
  if (here.data.permission === 'denied') return null;
  const failure = turnOn.error;
  return (
    <section className="push-offer" aria-labelledby="push-offer-title">
      <h2 id="push-offer-title">{t('pushOffer.title')}</h2>
      <p>{t('pushOffer.text')}</p>
      {failure ? (
        <p role="alert">
          {failure instanceof PushNotAllowed
            ? t('notificationSettings.push.notAllowed')
            : problemMessage(t, failure)}
        </p>
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="button primary"
          disabled={turnOn.isPending}
          onClick={() => turnOn.mutate(undefined, { onSuccess: () => setDone(true) })}
        >
          {turnOn.isPending ? t('notificationSettings.push.working') : t('pushOffer.turnOn')}
        </button>
        <button type="button" className="button" onClick={dismissPushOffer}>
          {t('pushOffer.notNow')}
        </button>
      </div>
    </section>
  );
}
