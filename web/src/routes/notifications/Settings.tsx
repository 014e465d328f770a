import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STREAMS,
  type TNotificationSettings,
  type TUpdateNotificationSettings,
} from '../../../../common/notifications.ts';
import { useMe } from '../../api/accounts.ts';
import { problemMessage } from '../../api/messages.ts';
import {
  useNotificationSettings,
  useUndoUnsubscribe,
  useUpdateNotificationSettings,
} from '../../api/notifications.ts';
import {
  canPush,
  PushNotAllowed,
  usePushDevices,
  useRemoveDevice,
  useThisDevice,
  useTurnOffPush,
  useTurnOnPush,
} from '../../api/push.ts';
import { FormAlert, Notice } from '../../components/Form.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useDates } from '../../i18n/dates.ts';

const PAUSE_CHOICES = [1, 3, 7, 14, 30] as const;
const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

/**
 * What Kindred tells me outside the app: push on this device, each stream by email and push, my
 * devices, a pause, quiet hours, undoing an unsubscribe.
 */
export default function NotificationSettings() {
  const { t } = useTranslation();
  const me = useMe();
  const settings = useNotificationSettings(me.data != null);
  const update = useUpdateNotificationSettings();
  const [saved, setSaved] = useState(0);
  if (me.isPending) return <p role="status">{t('app.loading')}</p>;
  if (!me.data) return <Navigate to="/sign-in" replace />;
  const save = (change: TUpdateNotificationSettings) => {
    setSaved(0);
    update.mutate(change, { onSuccess: () => setSaved(Date.now()) });
  };
  return (
    <>
      <PageTitle>{t('notificationSettings.title')}</PageTitle>
      <p>{t('notificationSettings.intro')}</p>
      {settings.isPending ? <p role="status">{t('app.loading')}</p> : null}
      {settings.isError ? <p role="alert">{problemMessage(t, settings.error)}</p> : null}
      <FormAlert message={update.error ? problemMessage(t, update.error) : undefined} />
      {settings.data ? (
        <div className="form">
          {settings.data.emailUndeliverable ? (
            <Undeliverable email={me.data.email} onRetry={() => save({ retryEmail: true })} />
          ) : null}
          <PushHere />
          <Streams settings={settings.data} onSave={save} />
          <Devices enabled />
          <Pause settings={settings.data} onSave={save} />
          <QuietHours
            settings={settings.data}
            browserZone={Intl.DateTimeFormat().resolvedOptions().timeZone}
            onSave={save}
          />
          <Unsubscribed settings={settings.data} onUndone={() => setSaved(Date.now())} />
          <Notice key={saved} message={saved ? t('notificationSettings.saved') : undefined} />
        </div>
      ) : null}
      <p>
        <Link to="/notifications">{t('notificationSettings.backToList')}</Link>
      </p>
    </>
  );
}

type Part = {
  settings: TNotificationSettings;
  onSave: (change: TUpdateNotificationSettings) => void;
};

function Undeliverable(props: { email: string; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="alert" role="alert">
      <p>{t('notificationSettings.undeliverable', { email: props.email })}</p>
      <button type="button" className="button" onClick={props.onRetry}>
        {t('notificationSettings.retry')}
      </button>
    </div>
  );
}

/** Each stream, with a choice per channel: email, and push on the devices that have it on. */
function Streams({ settings, onSave }: Part) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('notificationSettings.streamsTitle')}</h2>
      {NOTIFICATION_STREAMS.map((stream) => (
        <fieldset key={stream} className="stream" aria-describedby={`${id}-${stream}`}>
          <legend>{t(`notificationSettings.stream.${stream}`)}</legend>
          <p className="hint" id={`${id}-${stream}`}>
            {t(`notificationSettings.streamHint.${stream}`)}
          </p>
          <div className="stream-channels">
            {NOTIFICATION_CHANNELS.map((channel) => (
              <label key={channel}>
                <input
                  type="checkbox"
                  checked={settings.streams[stream][channel]}
                  onChange={(event) =>
                    onSave({ streams: { [stream]: { [channel]: event.currentTarget.checked } } })
                  }
                />{' '}
                {t(`notificationSettings.channel.${channel}`)}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
    </section>
  );
}

/** Push on this device: turned on (the browser asks), off, or why it cannot be. */
function PushHere() {
  const { t } = useTranslation();
  const id = useId();
  const here = useThisDevice(true);
  const turnOn = useTurnOnPush();
  const turnOff = useTurnOffPush();
  const busy = turnOn.isPending || turnOff.isPending;
  const failure = turnOn.error ?? turnOff.error;
  const state = !canPush()
    ? 'unsupported'
    : !here.data
      ? null
      : here.data.permission === 'denied'
        ? 'blocked'
        : here.data.isSubscribed && here.data.permission === 'granted'
          ? 'on'
          : 'off';
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('notificationSettings.push.title')}</h2>
      <p role="status">{state ? t(`notificationSettings.push.${state}`) : t('app.loading')}</p>
      {failure instanceof PushNotAllowed ? (
        <p role="alert">{t('notificationSettings.push.notAllowed')}</p>
      ) : failure ? (
        <p role="alert">{problemMessage(t, failure)}</p>
      ) : null}
      {state === 'on' ? (
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => turnOff.mutate(undefined)}
        >
          {busy ? t('notificationSettings.push.working') : t('notificationSettings.push.turnOff')}
        </button>
      ) : state === 'off' ? (
        <button
          type="button"
          className="button primary"
          disabled={busy}
          onClick={() => turnOn.mutate(undefined)}
        >
          {busy ? t('notificationSettings.push.working') : t('notificationSettings.push.turnOn')}
        </button>
      ) : null}
      <p className="hint">{t('notificationSettings.push.hint')}</p>
    </section>
  );
}

/** Every device that gets my pushes, each with a way to stop it there. */
function Devices(props: { enabled: boolean }) {
  const { t } = useTranslation();
  const dates = useDates();
  const devices = usePushDevices(props.enabled);
  const remove = useRemoveDevice();
  if (!devices.data) return null;
  return (
    <section aria-labelledby="devices-title">
      <h2 id="devices-title">{t('notificationSettings.devices.title')}</h2>
      <FormAlert message={remove.error ? problemMessage(t, remove.error) : undefined} />
      {devices.data.items.length === 0 ? (
        <p>{t('notificationSettings.devices.none')}</p>
      ) : (
        <ul className="settings-list">
          {devices.data.items.map((device) => (
            <li key={device.id}>
              <span>
                {device.label ?? device.service}{' '}
                <span className="hint">
                  {t('notificationSettings.devices.since', { date: dates.date(device.createdAt) })}
                </span>
              </span>{' '}
              <button
                type="button"
                className="button small"
                disabled={remove.isPending}
                onClick={() => remove.mutate(device.id)}
              >
                {t('notificationSettings.devices.remove')}
                <span className="visually-hidden"> {device.label ?? device.service}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Pause({ settings, onSave }: Part) {
  const { t } = useTranslation();
  const dates = useDates();
  const id = useId();
  const [days, setDays] = useState<number>(3);
  return (
    <fieldset>
      <legend>{t('notificationSettings.pauseLegend')}</legend>
      {settings.pausedUntil ? (
        <>
          <p>
            {t('notificationSettings.pausedUntil', { date: dates.dateTime(settings.pausedUntil) })}
          </p>
          <button type="button" className="button" onClick={() => onSave({ pauseDays: 0 })}>
            {t('notificationSettings.resume')}
          </button>
        </>
      ) : (
        <div className="inline-fields">
          <label htmlFor={id}>{t('notificationSettings.pauseFor')}</label>{' '}
          <select
            id={id}
            value={days}
            onChange={(event) => setDays(Number(event.currentTarget.value))}
          >
            {PAUSE_CHOICES.map((count) => (
              <option key={count} value={count}>
                {t('notificationSettings.days', { count })}
              </option>
            ))}
          </select>{' '}
          <button type="button" className="button" onClick={() => onSave({ pauseDays: days })}>
            {t('notificationSettings.pause')}
          </button>
        </div>
      )}
      <p className="hint">{t('notificationSettings.pauseHint')}</p>
    </fieldset>
  );
}

function QuietHours({ settings, onSave, browserZone }: Part & { browserZone: string }) {
  const { t } = useTranslation();
  const id = useId();
  const quiet = settings.quietHours;
  const zone = settings.timeZone ?? browserZone;
  const hour = (value: number) =>
    new Intl.DateTimeFormat(undefined, {
      hour: 'numeric',
      minute: '2-digit',
      timeZone: 'UTC',
    }).format(Date.UTC(2026, 0, 1, value));
  const change = (next: { start: number; end: number } | null) =>
    onSave({ quietHours: next, ...(settings.timeZone ? {} : { timeZone: browserZone }) });
  return (
    <fieldset className="choices">
      <legend>{t('notificationSettings.quietLegend')}</legend>
      <label>
        <input
          type="checkbox"
          checked={quiet !== null}
          onChange={(event) => change(event.currentTarget.checked ? { start: 22, end: 8 } : null)}
        />{' '}
        {t('notificationSettings.quietOn')}
      </label>
      {quiet ? (
        <div className="inline-fields">
          <label htmlFor={`${id}-start`}>{t('notificationSettings.quietFrom')}</label>{' '}
          <select
            id={`${id}-start`}
            value={quiet.start}
            onChange={(event) => {
              const start = Number(event.currentTarget.value);
              if (start !== quiet.end) change({ start, end: quiet.end });
            }}
          >
            {HOURS.map((value) => (
              <option key={value} value={value}>
                {hour(value)}
              </option>
            ))}
          </select>{' '}
          <label htmlFor={`${id}-end`}>{t('notificationSettings.quietUntil')}</label>{' '}
          <select
            id={`${id}-end`}
            value={quiet.end}
            onChange={(event) => {
              const end = Number(event.currentTarget.value);
              if (end !== quiet.start) change({ start: quiet.start, end });
            }}
          >
            {HOURS.map((value) => (
              <option key={value} value={value}>
                {hour(value)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <p className="hint">{t('notificationSettings.quietHint', { zone })}</p>
    </fieldset>
  );
}

function Unsubscribed(props: { settings: TNotificationSettings; onUndone: () => void }) {
  const { settings } = props;
  const { t } = useTranslation();
  const dates = useDates();
  const undo = useUndoUnsubscribe();
  if (settings.unsubscribes.length === 0) return null;
  return (
    <section aria-labelledby="unsubscribed-title">
      <h2 id="unsubscribed-title">{t('notificationSettings.unsubscribedTitle')}</h2>
      <FormAlert message={undo.error ? problemMessage(t, undo.error) : undefined} />
      <ul className="settings-list">
        {settings.unsubscribes.map((item) => (
          <li key={item.id}>
            {t('notificationSettings.unsubscribedItem', {
              stream: t(`notificationSettings.stream.${item.stream}`),
              date: dates.date(item.createdAt),
            })}{' '}
            <button
              type="button"
              className="button small"
              onClick={() => undo.mutate(item.id, { onSuccess: props.onUndone })}
            >
              {t('notificationSettings.undo')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
