import { Component, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { MatProgressSpinner } from '@angular/material/progress-spinner';

/** Says that live updates are paused; the host shows it only when the socket is not connected. */
@Component({
  selector: 'app-connection-banner',
  imports: [MatIcon, MatProgressSpinner],
  template: `
    @if (offline()) {
      <mat-icon class="icon" aria-hidden="true" svgIcon="cloud_off"></mat-icon>
      <span>You're offline. Waiting for the network…</span>
    } @else {
      <mat-progress-spinner mode="indeterminate" diameter="16" aria-hidden="true" />
      <span>Reconnecting…</span>
    }
  `,
  styles: `
    :host {
      display: flex;
      align-items: center;
      justify-content: center;
      gap: 8px;
      padding: 6px 16px;
      background-color: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
      font: var(--mat-sys-label-large);
    }
    .icon {
      width: 18px;
      height: 18px;
      font-size: 18px;
    }
  `,
  host: { role: 'status', 'data-testid': 'reconnect-banner' },
})
export class ConnectionBanner {
  readonly offline = input(false);
}
