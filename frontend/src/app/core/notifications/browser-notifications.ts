import { computed, DOCUMENT, inject, Injectable, InjectionToken, signal } from '@angular/core';

/** What the app uses of the browser's `Notification` class: tests give a fake one. */
export interface NotificationApi {
  readonly permission: NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  new (title: string, options?: NotificationOptions): Notification;
}

/** The browser's Notification API, or null where there is none (some phones, old browsers). */
export const NOTIFICATION_API = new InjectionToken<NotificationApi | null>('NOTIFICATION_API', {
  providedIn: 'root',
  factory: () =>
    (inject(DOCUMENT).defaultView as { Notification?: NotificationApi } | null)?.Notification ??
    null,
});

/** Set when the user turned notifications off here (the browser's permission cannot be revoked). */
export const NOTIFICATIONS_OFF_KEY = 'chat.notifications.off';

/** "on", "off" (allowed, turned off here), "ask" (never asked), "blocked", "unsupported". */
export type NotificationsState = 'on' | 'off' | 'ask' | 'blocked' | 'unsupported';

/**
 * Whether the user wants browser notifications. The browser's permission is asked only when the
 * user turns them on (a click), never on load; turning them off is remembered on this device.
 */
@Injectable({ providedIn: 'root' })
export class BrowserNotifications {
  private readonly api = inject(NOTIFICATION_API);
  private readonly storage = inject(DOCUMENT).defaultView?.localStorage ?? null;
  private readonly permission = signal<NotificationPermission>(this.api?.permission ?? 'denied');
  private readonly turnedOff = signal(this.storage?.getItem(NOTIFICATIONS_OFF_KEY) === '1');

  readonly state = computed<NotificationsState>(() => {
    if (!this.api) return 'unsupported';
    switch (this.permission()) {
      case 'granted':
        return this.turnedOff() ? 'off' : 'on';
      case 'denied':
        return 'blocked';
      default:
        return 'ask';
    }
  });

  /** The permission as the browser has it now (the user may have changed it in its settings). */
  refresh(): void {
    if (this.api) this.permission.set(this.api.permission);
  }

  /** From a user action only: browsers ignore (or hold against the site) a request on load. */
  async turnOn(): Promise<void> {
    if (!this.api) return;
    this.setTurnedOff(false);
    if (this.api.permission === 'default') this.permission.set(await this.api.requestPermission());
    else this.refresh();
  }

  turnOff(): void {
    this.setTurnedOff(true);
  }

  /** Shows a notification if the user wants them; null when not shown. */
  show(title: string, options: NotificationOptions): Notification | null {
    this.refresh();
    if (!this.api || this.state() !== 'on') return null;
    return new this.api(title, options);
  }

  private setTurnedOff(off: boolean): void {
    this.turnedOff.set(off);
    if (off) this.storage?.setItem(NOTIFICATIONS_OFF_KEY, '1');
    else this.storage?.removeItem(NOTIFICATIONS_OFF_KEY);
  }
}
