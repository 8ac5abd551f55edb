import { Component } from '@angular/core';
import { MatIcon } from '@angular/material/icon';

/** The chat pane before a conversation is chosen (wide screens only show it). */
@Component({
  selector: 'app-chat-placeholder',
  imports: [MatIcon],
  template: `
    <mat-icon class="icon" aria-hidden="true" svgIcon="chat"></mat-icon>
    <p class="text">Choose a conversation, or start a new one.</p>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      flex: 1;
      gap: 8px;
      color: var(--mat-sys-on-surface-variant);
    }
    .icon {
      width: 56px;
      height: 56px;
      font-size: 56px;
      opacity: 0.5;
    }
    .text {
      margin: 0;
      font: var(--mat-sys-body-large);
    }
  `,
})
export class ChatPlaceholder {}
