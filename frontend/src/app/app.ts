import { Component, inject, Injector } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { MatToolbar } from '@angular/material/toolbar';
import { RouterLink, RouterOutlet } from '@angular/router';

import { SessionStore } from './core/auth/session.store';
import { BrowserNotifications } from './core/notifications/browser-notifications';
import { Avatar } from './shared/ui/avatar/avatar';

@Component({
  selector: 'app-root',
  imports: [
    RouterOutlet,
    RouterLink,
    MatToolbar,
    MatIcon,
    MatButton,
    MatMenu,
    MatMenuItem,
    MatMenuTrigger,
    Avatar,
  ],
  templateUrl: './app.html',
  styleUrl: './app.scss',
})
export class App {
  protected readonly session = inject(SessionStore);
  /** Asked for from the account menu (a click), never on load. */
  protected readonly notifications = inject(BrowserNotifications);
  private readonly injector = inject(Injector);

  protected async turnOnNotifications(): Promise<void> {
    await this.notifications.turnOn();
    // Web Push too, from this same click (loaded only now: most visits never need it).
    if (this.notifications.state() !== 'on') return;
    await import('./features/chat/web-push')
      .then((webPush) => webPush.enableWebPush(this.injector))
      .catch(() => undefined);
  }

  protected async turnOffNotifications(): Promise<void> {
    this.notifications.turnOff();
    await import('./features/chat/web-push')
      .then((webPush) => webPush.disableWebPush(this.injector))
      .catch(() => undefined);
  }

  /** The server stops pushing this user's messages to this device, then the session ends. */
  protected async signOut(): Promise<void> {
    if (this.notifications.state() === 'on') {
      await import('./features/chat/web-push')
        .then((webPush) => webPush.forgetWebPush(this.injector))
        .catch(() => undefined);
    }
    this.session.logout();
  }

  protected openProfile(): void {
    // Loaded on first use: most visits never open it.
    void import('./features/profile/profile').then((m) => m.openProfileDialog(this.injector));
  }
}
