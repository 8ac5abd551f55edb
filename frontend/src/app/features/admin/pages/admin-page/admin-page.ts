import { Component } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { MatIconAnchor } from '@angular/material/button';
import { MatTabLink, MatTabNav, MatTabNavPanel } from '@angular/material/tabs';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

/** The admin console's frame: a way back to the chat, and a tab per area. */
@Component({
  selector: 'app-admin-page',
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
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
  protected readonly tabs = [
    { path: 'people', label: 'People' },
    { path: 'invites', label: 'Invites' },
    { path: 'settings', label: 'Settings' },
    { path: 'audit', label: 'Audit log' },
  ] as const;
}
