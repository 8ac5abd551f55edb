import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { forkJoin, Observable, tap } from 'rxjs';

import { InboxService } from '../../../core/api';
import { InboxItemDto, InboxView, MessageDto } from '../../../core/api/model';
import { SessionStore } from '../../../core/auth/session.store';
import { describeApiProblem, readApiProblem } from '../../../core/http/api-problem';
import { RealtimeService } from '../../../core/realtime/realtime.service';

export const INBOX_VIEWS: readonly InboxView[] = ['waiting', 'mine', 'closed'];

type Lists = Record<InboxView, readonly InboxItemDto[]>;

/** The tab an item belongs in for this agent, or null (claimed by someone else). */
export function viewOf(item: InboxItemDto, myId: string | null): InboxView | null {
  if (item.status === 'waiting') return 'waiting';
  if (item.status === 'closed') return 'closed';
  return item.agent?.id === myId ? 'mine' : null;
}

/** Puts `item` in its tab (the longest wait first in Waiting, the newest first elsewhere). */
export function placeItem(lists: Lists, item: InboxItemDto, myId: string | null): Lists {
  const view = viewOf(item, myId);
  const next = { ...lists };
  for (const v of INBOX_VIEWS) {
    const others = lists[v].filter((i) => i.conversationId !== item.conversationId);
    if (v !== view) {
      next[v] = others;
      continue;
    }
    const sorted = [...others, item].sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
    next[v] = v === 'waiting' ? sorted : sorted.reverse();
  }
  return next;
}

/**
 * The support inbox: visitors waiting for a person, the ones this agent claimed, closed ones,
 * kept live by `inbox:updated` (which the server sends to agents only), and the transcript of
 * the one open.
 */
@Injectable({ providedIn: 'root' })
export class InboxStore {
  private readonly api = inject(InboxService);
  private readonly session = inject(SessionStore);

  private readonly _lists = signal<Lists>({ waiting: [], mine: [], closed: [] });
  private readonly _loading = signal(false);
  private readonly _error = signal<string | null>(null);
  private readonly _transcript = signal<{
    conversationId: string;
    messages: readonly MessageDto[] | null;
    error: string | null;
  } | null>(null);

  readonly lists = this._lists.asReadonly();
  readonly loading = this._loading.asReadonly();
  readonly error = this._error.asReadonly();
  readonly transcript = this._transcript.asReadonly();
  readonly waitingCount = computed(() => this._lists().waiting.length);

  constructor() {
    const subscription = inject(RealtimeService)
      .on('inbox:updated')
      .subscribe((item) => this.apply(item));
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  load(): void {
    this._loading.set(true);
    this._error.set(null);
    forkJoin(
      INBOX_VIEWS.map((status) => this.api.listInbox({ status })) as [
        Observable<InboxItemDto[]>,
        Observable<InboxItemDto[]>,
        Observable<InboxItemDto[]>,
      ],
    ).subscribe({
      next: ([waiting, mine, closed]) => {
        this._lists.set({ waiting, mine, closed });
        this._loading.set(false);
      },
      error: (error: unknown) => {
        this._error.set(describeApiProblem(readApiProblem(error)));
        this._loading.set(false);
      },
    });
  }

  apply(item: InboxItemDto): void {
    this._lists.update((lists) => placeItem(lists, item, this.session.user()?.id ?? null));
  }

  openTranscript(conversationId: string): void {
    this._transcript.set({ conversationId, messages: null, error: null });
    this.api.listInboxTranscript(conversationId).subscribe({
      next: (page) => {
        if (this._transcript()?.conversationId !== conversationId) return;
        this._transcript.set({ conversationId, messages: page.items, error: null });
      },
      error: (error: unknown) => {
        if (this._transcript()?.conversationId !== conversationId) return;
        const message = describeApiProblem(readApiProblem(error));
        this._transcript.set({ conversationId, messages: null, error: message });
      },
    });
  }

  closeTranscript(): void {
    this._transcript.set(null);
  }

  claim(conversationId: string): Observable<InboxItemDto> {
    return this.api.claimInboxConversation(conversationId).pipe(tap((item) => this.apply(item)));
  }

  close(conversationId: string): Observable<InboxItemDto> {
    return this.api.closeInboxConversation(conversationId).pipe(tap((item) => this.apply(item)));
  }
}
