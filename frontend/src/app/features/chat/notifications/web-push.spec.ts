import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Injector } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { disableWebPush, enableWebPush, SERVICE_WORKER_URL } from './web-push';

/** The browser's side: a service worker container whose push manager hands out one subscription. */
function fakeBrowser() {
  const unsubscribed: string[] = [];
  const subscription = {
    endpoint: 'https://push.example.com/send/abc',
    options: { applicationServerKey: null as ArrayBuffer | null },
    toJSON: () => ({
      endpoint: 'https://push.example.com/send/abc',
      keys: { p256dh: 'BPUBLIC', auth: 'AUTH' },
    }),
    unsubscribe: () => {
      unsubscribed.push('abc');
      return Promise.resolve(true);
    },
  };
  let subscribed: PushSubscriptionOptionsInit | null = null;
  let registered: string | null = null;
  const registration = {
    pushManager: {
      getSubscription: () => Promise.resolve(subscribed ? subscription : null),
      subscribe: (options: PushSubscriptionOptionsInit) => {
        subscribed = options;
        return Promise.resolve(subscription);
      },
    },
  };
  const container = {
    register: (url: string) => {
      registered = url;
      return Promise.resolve(registration);
    },
    ready: Promise.resolve(registration),
    getRegistration: () => Promise.resolve(registered ? registration : undefined),
  };
  return {
    container,
    unsubscribed,
    registered: () => registered,
    subscribed: () => subscribed,
  };
}

describe('Web Push on this device', () => {
  let http: HttpTestingController;
  let injector: Injector;
  let browser: ReturnType<typeof fakeBrowser>;

  beforeEach(() => {
    browser = fakeBrowser();
    Object.defineProperty(navigator, 'serviceWorker', {
      value: browser.container,
      configurable: true,
    });
    Object.defineProperty(window, 'PushManager', { value: class {}, configurable: true });
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    injector = TestBed.inject(Injector);
  });

  afterEach(() => {
    http.verify();
    Reflect.deleteProperty(navigator, 'serviceWorker');
    Reflect.deleteProperty(window, 'PushManager');
  });

  /** Lets the awaited promises run until the next request is made. */
  const settle = () => new Promise((resolve) => setTimeout(resolve));

  it('registers the worker, subscribes with the server’s key and sends the subscription', async () => {
    const done = enableWebPush(injector);
    http.expectOne('/api/v1/push/config').flush({ publicKey: 'AQID' });
    await settle();
    const sent = http.expectOne({ method: 'POST', url: '/api/v1/push/subscriptions' });
    expect(sent.request.body).toEqual({
      endpoint: 'https://push.example.com/send/abc',
      keys: { p256dh: 'BPUBLIC', auth: 'AUTH' },
    });
    sent.flush(null, { status: 204, statusText: 'No Content' });
    await done;
    expect(browser.registered()).toBe(SERVICE_WORKER_URL);
    expect(browser.subscribed()?.userVisibleOnly).toBe(true);
    expect(Array.from(browser.subscribed()?.applicationServerKey as Uint8Array)).toEqual([1, 2, 3]);

    const off = disableWebPush(injector);
    await settle();
    const removed = http.expectOne({ method: 'DELETE', url: '/api/v1/push/subscriptions' });
    expect(removed.request.body).toEqual({ endpoint: 'https://push.example.com/send/abc' });
    removed.flush(null, { status: 204, statusText: 'No Content' });
    await off;
    expect(browser.unsubscribed).toEqual(['abc']);
  });

  it('registers nothing when the server sends no push', async () => {
    const done = enableWebPush(injector);
    http.expectOne('/api/v1/push/config').flush({ publicKey: null });
    await done;
    expect(browser.registered()).toBeNull();
  });
});
