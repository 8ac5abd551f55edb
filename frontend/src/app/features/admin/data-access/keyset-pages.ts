import { computed, signal } from '@angular/core';
import { Observable, Subscription } from 'rxjs';

import { describeApiProblem, readApiProblem } from '../../../core/http/api-problem';

export interface KeysetPage<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/**
 * A list read page by page with the server's cursor ("load more"), with its loading and error
 * states. `fetch` asks for the page after `cursor` (null: the first) with the current filters.
 */
export class KeysetPages<T> {
  private readonly _items = signal<readonly T[]>([]);
  private readonly _nextCursor = signal<string | null>(null);
  private readonly _loading = signal(false);
  private readonly _error = signal<string | null>(null);
  /** Whether the first page has arrived since the last reload. */
  private readonly _loaded = signal(false);
  private request: Subscription | null = null;

  readonly items = this._items.asReadonly();
  readonly loading = this._loading.asReadonly();
  readonly error = this._error.asReadonly();
  readonly loaded = this._loaded.asReadonly();
  readonly hasMore = computed(() => this._nextCursor() !== null);

  constructor(private readonly fetch: (cursor: string | null) => Observable<KeysetPage<T>>) {}

  /**
   * The first page again (the filters changed, or a retry); a request in flight is dropped. The
   * items shown stay until the new page replaces them, so rows (and a menu open on one) do not
   * flicker away while it loads.
   */
  reload(): void {
    this._nextCursor.set(null);
    this.load(null);
  }

  loadMore(): void {
    const cursor = this._nextCursor();
    if (cursor === null || this._loading()) return;
    this.load(cursor);
  }

  /** Puts the server's new version of an item in place. */
  replace(matches: (item: T) => boolean, item: T): void {
    this._items.update((items) => items.map((old) => (matches(old) ? item : old)));
  }

  private load(cursor: string | null): void {
    // A reload supersedes a request still in flight, so a late answer cannot win.
    this.request?.unsubscribe();
    this._loading.set(true);
    this._error.set(null);
    this.request = this.fetch(cursor).subscribe({
      next: (page) => {
        this._items.update((items) => (cursor === null ? page.items : [...items, ...page.items]));
        this._nextCursor.set(page.nextCursor);
        this._loaded.set(true);
        this._loading.set(false);
      },
      error: (error: unknown) => {
        // A first page that failed leaves nothing to show: the old filters' items would mislead.
        if (cursor === null) this._items.set([]);
        this._error.set(describeApiProblem(readApiProblem(error)));
        this._loading.set(false);
      },
    });
  }
}
