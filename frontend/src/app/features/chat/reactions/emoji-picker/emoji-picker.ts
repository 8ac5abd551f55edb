import {
  createFlexibleConnectedPositionStrategy,
  createGlobalPositionStrategy,
  createOverlayRef,
  createRepositionScrollStrategy,
} from '@angular/cdk/overlay';
import { ComponentPortal } from '@angular/cdk/portal';
import { DOCUMENT, inject, Injectable, Injector } from '@angular/core';
import { outputToObservable } from '@angular/core/rxjs-interop';
import { filter, merge, take, tap } from 'rxjs';

/** The app's top bar (Material's toolbar), which the picker must leave visible. */
const TOP_BAR_HEIGHT = 64;

/**
 * Opens the emoji picker beside an element (at the bottom of the screen on a phone) and answers
 * the emoji chosen, or null once it is closed (Escape, a click outside). The picker's code and
 * data load on the first open.
 */
@Injectable({ providedIn: 'root' })
export class EmojiPicker {
  private readonly injector = inject(Injector);
  private readonly document = inject(DOCUMENT);
  private close: (() => void) | null = null;

  /** `returnFocus` gets the focus back once the picker closes. */
  async open(anchor: HTMLElement, returnFocus: HTMLElement = anchor): Promise<string | null> {
    this.close?.();
    const { EmojiPickerPanel } = await import('./emoji-picker-panel');
    const narrow = this.document.defaultView?.matchMedia?.('(max-width: 719.98px)').matches;
    const positionStrategy = narrow
      ? createGlobalPositionStrategy(this.injector).centerHorizontally().bottom('0')
      : createFlexibleConnectedPositionStrategy(this.injector, anchor)
          .withPositions([
            { originX: 'start', originY: 'top', overlayX: 'start', overlayY: 'bottom' },
            { originX: 'start', originY: 'bottom', overlayX: 'start', overlayY: 'top' },
            { originX: 'end', originY: 'top', overlayX: 'end', overlayY: 'bottom' },
          ])
          .withPush(true)
          // Pushed into the screen where it does not fit, but never over the top bar.
          .withViewportMargin({ top: TOP_BAR_HEIGHT + 8, bottom: 8, start: 8, end: 8 });
    const ref = createOverlayRef(this.injector, {
      positionStrategy,
      scrollStrategy: createRepositionScrollStrategy(this.injector),
      hasBackdrop: true,
      backdropClass: 'cdk-overlay-transparent-backdrop',
    });
    const panel = ref.attach(new ComponentPortal(EmojiPickerPanel, null, this.injector));
    return new Promise((resolve) => {
      const finish = (emoji: string | null) => {
        subscription.unsubscribe();
        this.close = null;
        ref.dispose();
        returnFocus.focus({ preventScroll: true });
        resolve(emoji);
      };
      const subscription = merge(
        outputToObservable(panel.instance.picked),
        ref.backdropClick(),
        ref.keydownEvents().pipe(
          filter((event) => event.key === 'Escape'),
          // Taken here: the chat closes on an Escape that nothing on top took.
          tap((event) => event.preventDefault()),
        ),
      )
        .pipe(take(1))
        .subscribe((value) => finish(typeof value === 'string' ? value : null));
      this.close = () => finish(null);
    });
  }
}
