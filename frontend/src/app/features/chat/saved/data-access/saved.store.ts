import { computed, DestroyRef, effect, inject, Injectable, signal, untracked } from '@angular/core';
import { Observable, tap } from 'rxjs';

import { SavedService } from '../../../../core/api';
import { MessageDto, SavedMessageDto } from '../../../../core/api/model';
import { SessionStore } from '../../../../core/auth/session.store';
import { RealtimeService } from '../../../../core/realtime/realtime.service';
import { describeLoadError } from '../../data-access/chat-errors';
import { LoadStatus } from '../../data-access/conversations.store';

export const SAVED_PAGE_SIZE = 30;

/**
 * The user's saved messages (private: nobody else sees them), most recently saved first, for
 * the Saved view and the Save/Unsave action. Edits and deletions of a saved message follow live.
 */
@Injectable({ providedIn: 'root' })
export class SavedStore {
  private readonly api = inject(SavedService);
  private readonly session = inject(SessionStore);

  private readonly _items = signal<readonly SavedMessageDto[]>([]);
  private readonly _status = signal<LoadStatus>('idle');
  private readonly _error = signal<string | null>(null);
  private readonly cursor = signal<string | null>(null);
  private readonly _loadingMore = signal(false);

  readonly items = this._items.asReadonly();
  readonly status = this._status.asReadonly();
  readonly error = this._error.asReadonly();
  readonly hasMore = computed(() => this.cursor() !== null);
  readonly loadingMore = this._loadingMore.asReadonly();
  private readonly savedIds = computed(() => new Set(this._items().map((s) => s.message.id)));

  constructor() {
    const realtime = inject(RealtimeService);
    const subscriptions = [
      realtime
        .on('message:updated')
        .subscribe((message) =>
          this._items.update((items) =>
            items.some((s) => s.message.id === message.id)
              ? items.map((s) => (s.message.id === message.id ? { ...s, message } : s))
              : items,
          ),
        ),
      realtime
        .on('message:deleted')
        .subscribe(({ id }) =>
          this._items.update((items) =>
            items.some((s) => s.message.id === id)
              ? items.filter((s) => s.message.id !== id)
              : items,
          ),
        ),
    ];
    // Another user signing in on this tab must not see the previous one's saved messages.
    const userId = computed(() => this.session.user()?.id ?? null);
    let previous = untracked(userId);
    effect(() => {
      const current = userId();
      if (current === previous) return;
      previous = current;
      untracked(() => {
        this._items.set([]);
        this._status.set('idle');
        this.cursor.set(null);
      });
    });
    inject(DestroyRef).onDestroy(() => subscriptions.forEach((s) => s.unsubscribe()));
  }

  isSaved(message: MessageDto): boolean {
    return this.savedIds().has(message.id);
  }

  /** Loads the first page once (for the menu's Save/Unsave); `reload` fetches it again. */
  load(): void {
    if (this._status() === 'idle') this.reload();
  }

  reload(): void {
    if (this._status() !== 'ready') this._status.set('loading');
    this._error.set(null);
    this.api.listSaved({ limit: SAVED_PAGE_SIZE }).subscribe({
      next: (page) => {
        this._items.set(page.items);
        this.cursor.set(page.nextCursor);
        this._status.set('ready');
      },
      error: (error: unknown) => {
        this._error.set(describeLoadError('your saved messages', error));
        this._status.set('error');
      },
    });
  }

  loadMore(): void {
    const cursor = this.cursor();
    if (cursor === null || this._loadingMore()) return;
    this._loadingMore.set(true);
    this.api.listSaved({ limit: SAVED_PAGE_SIZE, cursor }).subscribe({
      next: (page) => {
        const known = this.savedIds();
        this._items.update((items) => [
          ...items,
          ...page.items.filter((s) => !known.has(s.message.id)),
        ]);
        this.cursor.set(page.nextCursor);
        this._loadingMore.set(false);
      },
      error: () => this._loadingMore.set(false),
    });
  }

  save(message: MessageDto): Observable<void> {
    return this.api
      .saveMessage(message.id)
      .pipe(
        tap(() =>
          this._items.update((items) => [
            { message, savedAt: new Date().toISOString() },
            ...items.filter((s) => s.message.id !== message.id),
          ]),
        ),
      );
  }

  unsave(message: MessageDto): Observable<void> {
    return this.api
      .unsaveMessage(message.id)
      .pipe(
        tap(() => this._items.update((items) => items.filter((s) => s.message.id !== message.id))),
      );
  }
}
