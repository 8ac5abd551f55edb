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
      box-sizing: border-box;
      height: 16px;
      padding: 0 5px;
      border-radius: 4px;
      // A quiet outline in the dark: a filled light badge glares there.
      border: 1px solid light-dark(transparent, var(--mat-sys-outline));
      background-color: light-dark(var(--mat-sys-tertiary-container), transparent);
      color: light-dark(var(--mat-sys-on-tertiary-container), var(--mat-sys-tertiary));
      font: var(--mat-sys-label-small);
      font-size: 10px;
      font-weight: 700;
      letter-spacing: 0.06em;
      line-height: 14px;
      vertical-align: middle;
    }
  `,
  host: { 'data-testid': 'bot-badge' },
})
export class BotBadge {}
