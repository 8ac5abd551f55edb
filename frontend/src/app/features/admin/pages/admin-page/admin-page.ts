import { Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatIcon } from '@angular/material/icon';
import { MatIconAnchor } from '@angular/material/button';
import { MatTabLink, MatTabNav, MatTabNavPanel } from '@angular/material/tabs';
import { NavigationEnd, Router, RouterLink, RouterOutlet } from '@angular/router';
import { filter, map } from 'rxjs';

/** The admin console's frame: a way back to the chat, and a tab per area. */
@Component({
  selector: 'app-admin-page',
  imports: [
    RouterOutlet,
    RouterLink,
    MatTabNav,
    MatTabLink,
    MatTabNavPanel,
    MatIcon,
    MatIconAnchor,
  ],
  templateUrl: './admin-page.html',
  styleUrl: './admin-page.scss',
})
export class AdminPage {
  private readonly router = inject(Router);
  /**
   * The open tab's path, from the URL. Not RouterLinkActive: its code would join the app's
   * first download, which only has RouterLink.
   */
  protected readonly activeTab = toSignal(
    this.router.events.pipe(
      filter((event) => event instanceof NavigationEnd),
      map(() => tabOf(this.router.url)),
    ),
    { initialValue: tabOf(this.router.url) },
  );
  protected readonly tabs = [
    { path: 'people', label: 'People' },
    { path: 'invites', label: 'Invites' },
    { path: 'widgets', label: 'Widgets' },
    { path: 'settings', label: 'Settings' },
    { path: 'audit', label: 'Audit log' },
  ] as const;
}

/** `/admin/invites?x` -> `invites`. */
function tabOf(url: string): string {
  return url.split(/[?#]/)[0].split('/')[2] ?? '';
}
