// Kindred's service worker: shows a web push as a notification and opens its page when tapped.
// A push carries only neutral words and a path on this site ({title, body, url, tag}); what it
// is about appears once the person opens Kindred, signed in. Served with no-cache from the
// site's root, so its scope is the whole site and an update reaches devices at their next visit.

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/** A path on this site, or the home page: a push never sends anyone elsewhere. */
function pageOf(url) {
  try {
    const target = new URL(url, self.location.origin);
    return target.origin === self.location.origin ? target.href : self.location.origin;
  } catch {
    return self.location.origin;
  }
}

self.addEventListener('push', (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = {};
  }
  const title = typeof message.title === 'string' ? message.title : 'Kindred';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof message.body === 'string' ? message.body : '',
      tag: typeof message.tag === 'string' ? message.tag : undefined,
      // A newer push about the same thing replaces the old one, and still alerts.
      renotify: typeof message.tag === 'string',
      icon: '/favicon.svg',
      badge: '/favicon.svg',
      lang: typeof message.lang === 'string' ? message.lang : undefined,
      data: { url: pageOf(message.url) },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = event.notification.data?.url ?? self.location.origin;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      // An open Kindred tab goes to the page; otherwise a new one opens there.
      for (const client of windows) {
        if (new URL(client.url).origin === self.location.origin && 'focus' in client) {
          await client.focus();
          if ('navigate' in client) await client.navigate(url).catch(() => undefined);
          return;
        }
      }
      await self.clients.openWindow(url);
    })(),
  );
});

// The browser replaced this device's subscription (its keys expired): the new one is saved, so
// pushes keep arriving. Sent with the site's cookie; if nobody is signed in, it is refused and
// the person turns push on again from the settings.
self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(
    (async () => {
      const old = event.oldSubscription;
      const options = old?.options ?? {};
      const fresh =
        event.newSubscription ??
        (options.applicationServerKey
          ? await self.registration.pushManager.subscribe({
              userVisibleOnly: true,
              applicationServerKey: options.applicationServerKey,
            })
          : null);
      if (!fresh) return;
      await fetch('/api/v1/me/push-subscriptions', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(fresh.toJSON()),
      });
      if (old) {
        await fetch('/api/v1/me/push-subscriptions/remove', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ endpoint: old.endpoint }),
        });
      }
    })(),
  );
});
