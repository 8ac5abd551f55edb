import { Component, input } from '@angular/core';

/** A group change in the timeline ("Alice added Bob"): centred and muted, not a message bubble. */
@Component({
  selector: 'app-system-line',
  template: `<span class="text">{{ text() }}</span>`,
  styles: `
    :host {
      display: flex;
      justify-content: center;
      padding: 6px 16px;
    }
    .text {
      max-width: min(520px, 100%);
      padding: 4px 12px;
      border-radius: var(--mat-sys-corner-full);
      background-color: var(--mat-sys-surface-container);
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
      text-align: center;
      overflow-wrap: anywhere;
    }
  `,
  host: { role: 'note', 'data-testid': 'system-line' },
})
export class SystemLine {
  readonly text = input.required<string>();
}
