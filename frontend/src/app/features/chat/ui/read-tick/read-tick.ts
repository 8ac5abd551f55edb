import { Component, computed, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';

import { IconName } from '../../../../core/icons/icon-names';
import { ReadState } from '../../data-access/conversation-view';

/** Each state its own shape, and read its own colour too: told apart without colour vision. */
const ICONS = {
  pending: 'schedule',
  sent: 'check',
  delivered: 'done_all',
  read: 'check_circle',
  failed: 'error',
} as const satisfies Record<ReadState['state'], IconName>;

/**
 * Under the user's own messages: sending (clock), sent (one tick), delivered (two), read (a
 * filled circle in the accent colour), not sent; each with a label for screen readers.
 */
@Component({
  selector: 'app-read-tick',
  imports: [MatIcon],
  template: `<mat-icon class="icon" [svgIcon]="icon()"></mat-icon>`,
  styles: `
    :host {
      display: inline-flex;
    }
    .icon {
      width: 16px;
      height: 16px;
      font-size: 16px;
    }
    :host(.sent) .icon,
    :host(.delivered) .icon {
      color: var(--mat-sys-on-surface-variant);
    }
    :host(.read) .icon {
      color: var(--mat-sys-primary);
    }
    :host(.failed) .icon {
      color: var(--mat-sys-error);
    }
  `,
  host: {
    role: 'img',
    'data-testid': 'read-tick',
    '[attr.data-state]': 'readState().state',
    '[attr.aria-label]': 'label()',
    '[attr.title]': 'label()',
    '[class]': 'readState().state',
  },
})
export class ReadTick {
  readonly readState = input.required<ReadState>();

  protected readonly icon = computed(() => ICONS[this.readState().state]);
  protected readonly label = computed(() => readTickLabel(this.readState()));
}

export function readTickLabel({ state, readBy, of }: ReadState): string {
  switch (state) {
    case 'pending':
      return 'Sending…';
    case 'failed':
      return 'Not sent';
    case 'read':
      return of > 1 ? 'Read by everyone' : 'Read';
    case 'sent':
      return of > 1 && readBy > 0 ? `Sent · read by ${readBy} of ${of}` : 'Sent';
    case 'delivered':
      return of > 1 && readBy > 0 ? `Delivered · read by ${readBy} of ${of}` : 'Delivered';
  }
}
