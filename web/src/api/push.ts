// Web push on this device: the service worker, the browser's permission and subscription, and
// the server's list of my devices. Push is offered after a person's first ask or first
// response (markPushOfferDue), never at a first visit.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TPushDevice } from '../../../common/notifications.ts';
import { api } from './client.ts';
import { keys } from './keys.ts';

/** Whether this browser can receive web push at all (a secure page, service workers, push). */
export function canPush() {
  return (
    typeof window !== 'undefined' &&
    window.isSecureContext &&
    'serviceWorker' in navigator &&
    'PushManager' in window &&
    'Notification' in window
  );
}

/** The person's answer for notifications on this site: not asked yet, allowed, or blocked. */
export type PushPermission = 'default' | 'granted' | 'denied';

/** Read through the Permissions API, which every browser with push has; else the old property. */
async function permission(): Promise<PushPermission> {
  try {
    const { state } = await navigator.permissions.query({ name: 'notifications' });
    return state === 'prompt' ? 'default' : state;
  } catch {
    return Notification.permission;
  }
}

/** The service worker at the site's root (web/public/sw.js), registered once. */
function worker() {
  return navigator.serviceWorker
    .register('/sw.js', { scope: '/' })
    .then(() => navigator.serviceWorker.ready);
}

/** This browser's subscription to Kindred's pushes, if it has one. */
async function currentSubscription() {
  if (!canPush()) return null;
  const registration = await navigator.serviceWorker.getRegistration('/');
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/** "Chrome on Android": what the settings list calls this device. */
export function deviceLabel(agent = navigator.userAgent) {
  const browser = /Edg\//.test(agent)
    ? 'Edge'
    : /Firefox\//.test(agent)
      ? 'Firefox'
      : /Chrome\//.test(agent)
        ? 'Chrome'
        : /Safari\//.test(agent)
          ? 'Safari'
          : 'Browser';
  const system = /Android/.test(agent)
    ? 'Android'
    : /iPhone|iPad/.test(agent)
      ? 'iOS'
      : /Windows/.test(agent)
        ? 'Windows'
        : /Mac OS X/.test(agent)
          ? 'macOS'
          : /Linux/.test(agent)
            ? 'Linux'
            : '';
  return system ? `${browser} · ${system}` : browser;
}

const base64UrlToBytes = (text: string) => {
  const padded = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  return Uint8Array.from(atob(padded), (char) => char.charCodeAt(0));
};

/** This device: the person's answer for notifications, and whether it has a subscription. */
export function useThisDevice(enabled: boolean) {
  return useQuery({
    queryKey: keys.pushThisDevice,
    queryFn: async () => ({
      permission: await permission(),
      isSubscribed: (await currentSubscription()) !== null,
    }),
    enabled: enabled && canPush(),
  });
}

export function usePushDevices(enabled: boolean) {
  return useQuery({
    queryKey: keys.pushDevices,
    queryFn: () => api<{ items: TPushDevice[] }>('GET', '/api/v1/me/push-subscriptions'),
    enabled,
  });
}

function usePushChange<T>(change: (input: T) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSettled: () => {
      void client.invalidateQueries({ queryKey: keys.pushThisDevice });
      void client.invalidateQueries({ queryKey: keys.pushDevices });
    },
  });
}

/** Thrown when the person did not allow notifications in the browser's prompt. */
export class PushNotAllowed extends Error {}

/**
 * Push on for this device: the browser asks the person, subscribes with the server's key, and
 * the server saves the subscription for the person signed in.
 */
export const useTurnOnPush = () =>
  usePushChange(async () => {
    if ((await permission()) !== 'granted') {
      const answer = await Notification.requestPermission();
      if (answer !== 'granted') throw new PushNotAllowed(answer);
    }
    const registration = await worker();
    const { publicKey } = await api<{ publicKey: string }>('GET', '/api/v1/push/public-key');
    const subscription =
      (await registration.pushManager.getSubscription()) ??
      (await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: base64UrlToBytes(publicKey),
      }));
    await api<TPushDevice>('POST', '/api/v1/me/push-subscriptions', {
      ...subscription.toJSON(),
      label: deviceLabel(),
    });
    markPushOffer('done');
  });

/** Push off for this device: the server forgets it and the browser drops the subscription. */
export const useTurnOffPush = () => usePushChange(() => forgetThisDevice());

/** One of my devices removed from the settings' list (it may be this one). */
export const useRemoveDevice = () =>
  usePushChange(async (id: string) => {
    await api<void>('DELETE', `/api/v1/me/push-subscriptions/${id}`);
  });

/**
 * Before signing out: this browser stops receiving the person's pushes, so whoever uses it
 * next is not told of their news. Best effort: signing out goes on whatever happens here.
 */
export async function forgetThisDevice() {
  const subscription = await currentSubscription().catch(() => null);
  if (!subscription) return;
  await api<void>('POST', '/api/v1/me/push-subscriptions/remove', {
    endpoint: subscription.endpoint,
  }).catch(() => undefined);
  await subscription.unsubscribe().catch(() => false);
}

const OFFER_KEY = 'kindred.pushOffer';
type OfferState = 'due' | 'dismissed' | 'done';

function markPushOffer(state: OfferState) {
  try {
    localStorage.setItem(OFFER_KEY, state);
  } catch {
    // Private browsing without storage: the offer simply shows again.
  }
  window.dispatchEvent(new Event(OFFER_KEY));
}

/** After a person's first ask or first response: push is offered (once; "Not now" is kept). */
export function markPushOfferDue() {
  if (readPushOffer() === null && canPush()) markPushOffer('due');
}
export const dismissPushOffer = () => markPushOffer('dismissed');

export function readPushOffer(): OfferState | null {
  try {
    return localStorage.getItem(OFFER_KEY) as OfferState | null;
  } catch {
    return null;
  }
}
/** For useSyncExternalStore: the offer's state changes in this tab. */
export function onPushOfferChange(callback: () => void) {
  window.addEventListener(OFFER_KEY, callback);
  return () => window.removeEventListener(OFFER_KEY, callback);
}
