// Web Push on this device: loaded on demand (the account menu, the chat page when notifications
// are on, sign-out), never part of the first visit.
import { DOCUMENT, Injector } from '@angular/core';
import { firstValueFrom, timeout } from 'rxjs';

import { PushService } from '../../../core/api';

/** The service worker that shows pushed notifications (public/sw.js, served at the root). */
export const SERVICE_WORKER_URL = '/sw.js';
/** Sign-out waits this long at most for the server to forget this device. */
const FORGET_TIMEOUT_MS = 2_000;

function pushSupport(injector: Injector): ServiceWorkerContainer | null {
  const window = injector.get(DOCUMENT).defaultView;
  if (!window || !('PushManager' in window) || !window.navigator.serviceWorker) return null;
  return window.navigator.serviceWorker;
}

/** The VAPID public key as the bytes `applicationServerKey` wants. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Hands the browser's subscription to the server, for the signed-in user. */
async function register(injector: Injector, subscription: PushSubscription): Promise<void> {
  const { endpoint, keys } = subscription.toJSON();
  if (!endpoint || !keys?.['p256dh'] || !keys['auth']) return;
  await firstValueFrom(
    injector
      .get(PushService)
      .subscribePush({ endpoint, keys: { p256dh: keys['p256dh'], auth: keys['auth'] } }),
  );
}

/**
 * After the user turned notifications on (a click): registers the service worker, subscribes
 * this browser with the server's VAPID key and sends the subscription to the server. Nothing
 * when the server sends no push or the browser cannot receive it.
 */
export async function enableWebPush(injector: Injector): Promise<void> {
  const workers = pushSupport(injector);
  if (!workers) return;
  const { publicKey } = await firstValueFrom(injector.get(PushService).getPushConfig());
  if (!publicKey) return;
  await workers.register(SERVICE_WORKER_URL);
  const registration = await workers.ready;
  const applicationServerKey = keyBytes(publicKey);
  let subscription = await registration.pushManager.getSubscription();
  if (subscription && !sameKey(subscription, applicationServerKey)) {
    // The server's keys changed: the old subscription can never be used again.
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey,
  });
  await register(injector, subscription);
}

function sameKey(subscription: PushSubscription, key: Uint8Array): boolean {
  const current = subscription.options.applicationServerKey;
  if (!current) return false;
  const bytes = new Uint8Array(current);
  return bytes.length === key.length && bytes.every((b, i) => b === key[i]);
}

/** The subscription this browser already has, if its service worker is registered. */
async function currentSubscription(injector: Injector): Promise<PushSubscription | null> {
  const workers = pushSupport(injector);
  const registration = await workers?.getRegistration(SERVICE_WORKER_URL);
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/**
 * On opening the chat with notifications on: the existing subscription (if any) is told to the
 * server again, for whoever is signed in now. Never registers anything by itself.
 */
export async function resyncWebPush(injector: Injector): Promise<void> {
  const subscription = await currentSubscription(injector);
  if (subscription) await register(injector, subscription);
}

/** Notifications turned off here: the browser unsubscribes and the server forgets it. */
export async function disableWebPush(injector: Injector): Promise<void> {
  const subscription = await currentSubscription(injector);
  if (!subscription) return;
  await forget(injector, subscription.endpoint);
  await subscription.unsubscribe();
}

/** Before signing out: the server stops pushing this user's messages to this device. */
export async function forgetWebPush(injector: Injector): Promise<void> {
  const subscription = await currentSubscription(injector);
  if (subscription) await forget(injector, subscription.endpoint);
}

function forget(injector: Injector, endpoint: string): Promise<void> {
  return firstValueFrom(
    injector.get(PushService).unsubscribePush({ endpoint }).pipe(timeout(FORGET_TIMEOUT_MS)),
  );
}
