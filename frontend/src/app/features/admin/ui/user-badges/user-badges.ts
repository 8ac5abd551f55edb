import { Component, input } from '@angular/core';

import { UserDto } from '../../../../core/api/model';

/** What sets a person apart in the workspace: admin, bot, deactivated. */
@Component({
  selector: 'app-user-badges',
  template: `
    @if (user().deactivated) {
      <span class="badge deactivated" data-testid="badge-deactivated">Deactivated</span>
    }
    @if (user().serverRole === 'admin') {
      <span class="badge admin" data-testid="badge-admin">Admin</span>
    } @else if (user().serverRole === 'guest') {
      <span class="badge">Guest</span>
    }
    @if (user().isBot) {
      <span class="badge">Bot</span>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      justify-content: flex-end;
      gap: 4px;
    }

    .badge {
      padding: 2px 8px;
      border-radius: var(--mat-sys-corner-small);
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-label-medium);
      white-space: nowrap;
    }

    .admin {
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }

    .deactivated {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class UserBadges {
  readonly user = input.required<Pick<UserDto, 'deactivated' | 'serverRole' | 'isBot'>>();
}
