import { Component } from '@angular/core';

/** Three pulsing dots: a reply is on its way but has no text yet. Decorative. */
@Component({
  selector: 'app-typing-dots',
  template: `<span></span><span></span><span></span>`,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      height: 24px;
    }
    span {
      width: 7px;
      height: 7px;
      border-radius: 50%;
      background-color: currentColor;
      opacity: 0.35;
      animation: typing-dot 1.2s ease-in-out infinite;
    }
    span:nth-child(2) {
      animation-delay: 0.15s;
    }
    span:nth-child(3) {
      animation-delay: 0.3s;
    }
    @keyframes typing-dot {
      30% {
        opacity: 0.9;
        transform: translateY(-3px);
      }
      60% {
        opacity: 0.35;
        transform: none;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      span {
        animation: none;
        opacity: 0.6;
      }
    }
  `,
  host: { 'aria-hidden': 'true', 'data-testid': 'reply-typing' },
})
export class TypingDots {}
