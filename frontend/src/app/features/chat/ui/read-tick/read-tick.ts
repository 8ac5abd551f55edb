import { Component, computed, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';

import { IconName } from '../../../../core/icons/icon-names';
import { ReadState } from '../../data-access/conversation-view';

const ICONS = {
  pending: 'schedule',
  sent: 'check',
  read: 'done_all',
  failed: 'error',
} as const satisfies Record<ReadState['state'], IconName>;

/** Under the user's own messages: sending (clock), sent (one tick), read (two), not sent. */
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
  }
}
