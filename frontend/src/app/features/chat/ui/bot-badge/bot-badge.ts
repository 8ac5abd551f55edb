import { Component } from '@angular/core';

/** "BOT", beside the name of a user that is a bot, wherever that name shows. */
@Component({
  selector: 'app-bot-badge',
  template: `BOT`,
  styles: `
    :host {
      display: inline-flex;
      flex: none;
      align-items: center;
      height: 16px;
      padding: 0 5px;
      border-radius: 4px;
      background-color: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
      font: var(--mat-sys-label-small);
      font-size: 10px;
      font-weight: 700;
      letter-spacing: 0.06em;
      line-height: 16px;
      vertical-align: middle;
    }
  `,
  host: { 'data-testid': 'bot-badge' },
})
export class BotBadge {}
