import { Component, input, output } from '@angular/core';

import { QUICK_REACTIONS } from '../data-access/reaction-set';

/** The six everyday reactions in a row, for the message menu and the long-press sheet. */
@Component({
  selector: 'app-quick-reactions',
  template: `
    @for (emoji of emojis; track emoji) {
      <button
        type="button"
        class="quick"
        [class.mine]="mine().includes(emoji)"
        [attr.aria-label]="'React with ' + emoji"
        [attr.aria-pressed]="mine().includes(emoji)"
        (click)="picked.emit(emoji)"
        data-testid="quick-reaction"
        [attr.data-emoji]="emoji"
      >
        {{ emoji }}
      </button>
    }
  `,
  styles: `
    :host {
      display: flex;
      justify-content: space-between;
      gap: 4px;
      padding: 4px 8px;
    }
    .quick {
      width: 40px;
      height: 40px;
      border: 0;
      border-radius: 50%;
      background: transparent;
      font-size: 22px;
      line-height: 1;
      cursor: pointer;
    }
    .quick:hover,
    .quick:focus-visible {
      background: var(--mat-sys-surface-container-highest);
      outline: none;
    }
    .quick.mine {
      background: var(--mat-sys-primary-container);
    }
  `,
  host: { role: 'group', 'aria-label': 'Quick reactions' },
})
export class QuickReactions {
  /** The emoji the user already reacted with: picking one again takes it back. */
  readonly mine = input<readonly string[]>([]);
  readonly picked = output<string>();
  protected readonly emojis = QUICK_REACTIONS;
}
