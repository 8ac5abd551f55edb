// A stand-in for the browser's Notification class: the test plays the browser and the user.
import { Provider } from '@angular/core';

import { NOTIFICATION_API, NotificationApi } from './browser-notifications';

export interface FakeNotification {
  readonly title: string;
  readonly options: NotificationOptions;
  closed: boolean;
  onclick: ((event: Event) => void) | null;
  onclose: ((event: Event) => void) | null;
  close(): void;
  /** The user clicks it. */
  click(): void;
}

/** A fresh fake class: `permission` as the browser has it, `shown` every notification made. */
export function fakeNotificationApi(permission: NotificationPermission = 'default') {
  const shown: FakeNotification[] = [];
  const api = {
    permission,
    /** What the user answers when asked. */
    answer: 'granted' as NotificationPermission,
    asked: 0,
    shown,
  };
  class Fake implements FakeNotification {
    static get permission(): NotificationPermission {
      return api.permission;
    }

    static requestPermission(): Promise<NotificationPermission> {
      api.asked++;
      api.permission = api.answer;
      return Promise.resolve(api.answer);
    }

    closed = false;
    onclick: ((event: Event) => void) | null = null;
    onclose: ((event: Event) => void) | null = null;

    constructor(
      readonly title: string,
      readonly options: NotificationOptions = {},
    ) {
      shown.push(this);
    }

    close(): void {
      if (this.closed) return;
      this.closed = true;
      this.onclose?.(new Event('close'));
    }

    click(): void {
      this.onclick?.(new Event('click'));
    }
  }
  return Object.assign(api, { api: Fake as unknown as NotificationApi });
}

export type FakeNotificationApi = ReturnType<typeof fakeNotificationApi>;

export function provideFakeNotifications(fake: FakeNotificationApi): Provider {
  return { provide: NOTIFICATION_API, useValue: fake.api };
}
