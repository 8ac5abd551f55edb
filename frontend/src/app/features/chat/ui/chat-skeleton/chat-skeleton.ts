import { Component, input } from '@angular/core';

const BUBBLES = [
  { own: false, width: 55 },
  { own: false, width: 35 },
  { own: true, width: 45 },
  { own: false, width: 65 },
  { own: true, width: 30 },
];

/**
 * A conversation's shape while it loads (its code, its summary or its messages): painted at once,
 * so a click on a chat always answers, however slow the network.
 */
@Component({
  selector: 'app-chat-skeleton',
  template: `
    @if (header()) {
      <div class="head">
        <span class="bone circle"></span>
        <span class="bone title"></span>
      </div>
    }
    <div class="bubbles">
      @for (bubble of bubbles; track $index) {
        <span class="bone bubble" [class.own]="bubble.own" [style.width.%]="bubble.width"></span>
      }
    </div>
  `,
  styles: `
    :host {
      display: flex;
      flex: 1;
      flex-direction: column;
      min-height: 0;
    }
    .head {
      display: flex;
      align-items: center;
      gap: 12px;
      padding: 12px 16px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .bubbles {
      display: flex;
      flex: 1;
      flex-direction: column;
      justify-content: flex-end;
      gap: 12px;
      padding: 16px;
    }
    .bone {
      display: block;
      border-radius: 8px;
      background-color: var(--mat-sys-surface-container-highest);
      animation: pulse 1.4s ease-in-out infinite;
    }
    .circle {
      width: 40px;
      height: 40px;
      border-radius: 50%;
    }
    .title {
      width: 160px;
      height: 14px;
    }
    .bubble {
      height: 36px;
      border-radius: 16px;
    }
    .own {
      align-self: flex-end;
    }
    @keyframes pulse {
      50% {
        opacity: 0.5;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .bone {
        animation: none;
      }
    }
  `,
  host: {
    role: 'status',
    'aria-label': 'Loading the conversation',
    'data-testid': 'chat-skeleton',
  },
})
export class ChatSkeleton {
  /** Without it, only the messages' shape (the header is there already). */
  readonly header = input(true);
  protected readonly bubbles = BUBBLES;
}
