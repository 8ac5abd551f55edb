import { DestroyRef, inject, Injectable, signal } from '@angular/core';

const TICK_MS = 30_000;

/** The current time as a signal, so "5 min" and "Today" labels move on by themselves. */
@Injectable({ providedIn: 'root' })
export class Clock {
  private readonly _now = signal(Date.now());
  readonly now = this._now.asReadonly();

  constructor() {
    const timer = setInterval(() => this._now.set(Date.now()), TICK_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }
}
