import { DestroyRef, Directive, DOCUMENT, ElementRef, inject, output } from '@angular/core';

/** How long a finger rests on an element before it counts as a long press. */
export const LONG_PRESS_MS = 500;
/** A finger that moves further is scrolling or selecting, not pressing. */
const MOVE_TOLERANCE_PX = 10;

/**
 * A press-and-hold by touch or pen (pointer events; the `contextmenu` event some browsers send
 * for it is not relied on). Moving, lifting or scrolling before `LONG_PRESS_MS` cancels it; the
 * click that follows a long press is swallowed, so the press does not also activate what is
 * under the finger.
 */
@Directive({
  selector: '[appLongPress]',
  host: {
    '(pointerdown)': 'start($event)',
    '(pointermove)': 'move($event)',
    '(pointerup)': 'cancel()',
    '(pointercancel)': 'cancel()',
  },
})
export class LongPress {
  readonly appLongPress = output<void>();

  private readonly document = inject(DOCUMENT);
  private origin: { x: number; y: number; pointerId: number } | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** A long press fired and its click has not come yet. */
  private fired = false;
  private readonly onScroll = () => this.cancel();

  constructor() {
    const element = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    const swallowClick = (event: Event) => {
      if (!this.fired) return;
      this.fired = false;
      event.preventDefault();
      event.stopPropagation();
    };
    // Capture: the click must not reach a button inside (a quote) first.
    element.addEventListener('click', swallowClick, true);
    inject(DestroyRef).onDestroy(() => {
      element.removeEventListener('click', swallowClick, true);
      this.cancel();
    });
  }

  /** Whether a finger is resting on the element (a long press may be under way). */
  get pressing(): boolean {
    return this.origin !== null;
  }

  /** Ends the press as a long press now (the browser's own long-press signal came first). */
  fire(): void {
    if (this.origin === null) return;
    this.cancel();
    this.fired = true;
    this.appLongPress.emit();
  }

  protected start(event: PointerEvent): void {
    if (event.pointerType === 'mouse' || !event.isPrimary) return;
    this.cancel();
    this.fired = false;
    this.origin = { x: event.clientX, y: event.clientY, pointerId: event.pointerId };
    this.timer = setTimeout(() => this.fire(), LONG_PRESS_MS);
    this.document.addEventListener('scroll', this.onScroll, { capture: true, passive: true });
  }

  protected move(event: PointerEvent): void {
    const origin = this.origin;
    if (origin === null || event.pointerId !== origin.pointerId) return;
    const distance = Math.hypot(event.clientX - origin.x, event.clientY - origin.y);
    if (distance > MOVE_TOLERANCE_PX) this.cancel();
  }

  protected cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.origin === null) return;
    this.origin = null;
    this.document.removeEventListener('scroll', this.onScroll, { capture: true });
  }
}
