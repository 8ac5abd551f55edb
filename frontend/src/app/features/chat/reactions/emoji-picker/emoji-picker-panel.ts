import { afterNextRender, Component, DOCUMENT, ElementRef, inject, output } from '@angular/core';

/**
 * `emoji-picker-element`, loaded when a picker is first opened (never with the app), with its
 * emoji data from our own assets (copied from `emoji-picker-element-data` at build time): no
 * CDN is ever asked.
 */
@Component({
  selector: 'app-emoji-picker-panel',
  template: '',
  styles: `
    // Its final size from the start: the picker element arrives a moment after the overlay
    // places the panel, and an empty panel would fit anywhere (then squeeze at the screen's edge).
    :host {
      display: block;
      width: min(352px, 100vw);
      height: min(400px, 60vh);
      border-radius: 12px;
      overflow: hidden;
      box-shadow: var(--mat-sys-level3);
      background: var(--mat-sys-surface-container);
    }
    :host ::ng-deep emoji-picker {
      --background: var(--mat-sys-surface-container);
      --border-size: 0;
      --num-columns: 8;
      width: 100%;
      height: 100%;
    }
  `,
  host: { role: 'dialog', 'aria-label': 'Choose an emoji', 'data-testid': 'emoji-picker' },
})
export class EmojiPickerPanel {
  readonly picked = output<string>();

  constructor() {
    const host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    const dataSource = new URL('assets/emoji-picker/data.json', inject(DOCUMENT).baseURI).href;
    afterNextRender(() => {
      void import('emoji-picker-element/picker.js').then(({ default: Picker }) => {
        const picker = new Picker({ dataSource, locale: 'en' });
        picker.addEventListener('emoji-click', (event) => {
          if (event.detail.unicode)
            this.picked.emit(withoutRedundantSelectors(event.detail.unicode));
        });
        // Enter in the search box picks the first match at once; the picker alone would only
        // highlight it and wait for a second Enter.
        // (Capturing on our own element, around the picker: before any handler of the picker's.)
        host.addEventListener('keydown', (event) => pickFirstOnEnter(event, picker.shadowRoot), {
          capture: true,
        });
        host.appendChild(picker);
        // Typing searches at once: the picker's own search box takes the focus.
        requestAnimationFrame(() =>
          picker.shadowRoot?.querySelector<HTMLInputElement>('input[type=search]')?.focus(),
        );
      });
    });
  }
}

/** Enter in the search box with no result highlighted clicks the first result, if any. */
export function pickFirstOnEnter(event: KeyboardEvent, root: ShadowRoot | null): void {
  // Inside the picker's shadow root the event's own target is the search box.
  const target = event.composedPath()[0] ?? event.target;
  if (event.key !== 'Enter' || !(target instanceof HTMLInputElement) || target.type !== 'search')
    return;
  // Only the search results' list: the skin-tone menu's options are `role="option"` too, and one
  // of them is always `aria-selected`.
  const results = root?.getElementById('search-results');
  if (!results || results.querySelector('[aria-selected="true"]')) return;
  const first = results.querySelector<HTMLButtonElement>('button[role="option"]');
  if (!first) return;
  event.preventDefault();
  event.stopPropagation();
  first.click();
}

/**
 * The picker's data spells some emoji with a variation selector their base already implies
 * (`👍\uFE0F`): dropped, so a reaction picked here is the same chip as the quick bar's 👍.
 */
export function withoutRedundantSelectors(emoji: string): string {
  return emoji.replace(/(\p{Emoji_Presentation})\uFE0F/gu, '$1');
}
