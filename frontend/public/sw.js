/* global self, URL */
// The app's service worker: it only shows Web Push notifications (nothing is cached, no request
// is intercepted). Each push is {title, body, data: {conversationId, seq}}; one notification per
// conversation (its tag), a newer one replacing it, as the open tab's own notifications do.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let push = {};
  try {
    push = event.data ? event.data.json() : {};
  } catch {
    // Not ours to read: still show something, as browsers require for every push.
  }
  const data = push.data || {};
  event.waitUntil(
    self.registration.showNotification(typeof push.title === 'string' ? push.title : 'Chat', {
      body: typeof push.body === 'string' ? push.body : 'New message',
      tag: typeof data.conversationId === 'string' ? data.conversationId : undefined,
      icon: '/icon-96.png',
      data,
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const id = event.notification.data && event.notification.data.conversationId;
  const path = typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? `/c/${id}` : '/';
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (open) {
        await open.focus();
        open.postMessage({ type: 'open-conversation', conversationId: id });
        return;
      }
      await self.clients.openWindow(path);
    })(),
  );
});
