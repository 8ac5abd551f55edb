import { computed, DestroyRef, effect, inject, Injectable, signal, untracked } from '@angular/core';
import { Observable, tap } from 'rxjs';

import { PinsService } from '../../../../core/api';
import { MessageDto, PinDto } from '../../../../core/api/model';
import { SessionStore } from '../../../../core/auth/session.store';
import { RealtimeService } from '../../../../core/realtime/realtime.service';
import { describeLoadError } from '../../data-access/chat-errors';
import { LoadStatus } from '../../data-access/conversations.store';

/** One conversation's pinned messages, newest pin first. */
export interface ConversationPins {
  readonly status: LoadStatus;
  readonly error: string | null;
  readonly items: readonly PinDto[];
}

const NOT_LOADED: ConversationPins = { status: 'idle', error: null, items: [] };

/**
 * The pinned messages of the conversations opened, for the pinned bar and the Pin/Unpin action.
 * A pin anywhere reaches the room as its system line (`message:new`, `message_pinned`), which
 * reloads that conversation's pins; an unpin reaches it as `message:unpinned`; edits and
 * deletions of a pinned message follow live.
 */
@Injectable({ providedIn: 'root' })
export class PinsStore {
  private readonly api = inject(PinsService);
  private readonly session = inject(SessionStore);
  private readonly state = signal<ReadonlyMap<string, ConversationPins>>(new Map());

  constructor() {
    const realtime = inject(RealtimeService);
    const subscriptions = [
      realtime.on('message:new').subscribe((message) => {
        if (message.system?.action === 'message_pinned') this.reload(message.conversationId);
      }),
      realtime
        .on('message:unpinned')
        .subscribe(({ conversationId, messageId }) => this.drop(conversationId, messageId)),
      realtime.on('message:updated').subscribe((message) => this.replace(message)),
      realtime
        .on('message:deleted')
        .subscribe(({ id, conversationId }) => this.drop(conversationId, id)),
      // Pins may have changed while the socket was away.
      realtime.connected$.subscribe(() => {
        for (const id of this.state().keys()) this.reload(id);
      }),
    ];
    // Another user signing in on this tab must not see the previous one's pins.
    const userId = computed(() => this.session.user()?.id ?? null);
    let previous = untracked(userId);
    effect(() => {
      const current = userId();
      if (current === previous) return;
      previous = current;
      untracked(() => this.state.set(new Map()));
    });
    inject(DestroyRef).onDestroy(() => subscriptions.forEach((s) => s.unsubscribe()));
  }

  /** The pins of a conversation as loaded so far (nothing until `load`). */
  of(conversationId: string): ConversationPins {
    return this.state().get(conversationId) ?? NOT_LOADED;
  }

  isPinned(message: MessageDto): boolean {
    return this.of(message.conversationId).items.some((pin) => pin.message.id === message.id);
  }

  /** Loads a conversation's pins once; `reload` fetches them again. */
  load(conversationId: string): void {
    if (this.of(conversationId).status === 'idle') this.reload(conversationId);
  }

  reload(conversationId: string): void {
    const current = this.of(conversationId);
    if (current.status !== 'ready') this.set(conversationId, { ...current, status: 'loading' });
    this.api.listPins(conversationId).subscribe({
      next: (list) => this.set(conversationId, { status: 'ready', error: null, items: list.items }),
      error: (error: unknown) =>
        this.set(conversationId, {
          ...this.of(conversationId),
          status: 'error',
          error: describeLoadError('the pinned messages', error),
        }),
    });
  }

  /** Pins for everyone; the list follows from the system line, or at once from the answer. */
  pin(message: MessageDto): Observable<void> {
    return this.api.pinMessage(message.id).pipe(tap(() => this.reload(message.conversationId)));
  }

  unpin(message: MessageDto): Observable<void> {
    return this.api
      .unpinMessage(message.id)
      .pipe(tap(() => this.drop(message.conversationId, message.id)));
  }

  private replace(message: MessageDto): void {
    const current = this.state().get(message.conversationId);
    if (!current?.items.some((pin) => pin.message.id === message.id)) return;
    this.set(message.conversationId, {
      ...current,
      items: current.items.map((pin) =>
        pin.message.id === message.id ? { ...pin, message } : pin,
      ),
    });
  }

  private drop(conversationId: string, messageId: string): void {
    const current = this.state().get(conversationId);
    if (!current?.items.some((pin) => pin.message.id === messageId)) return;
    this.set(conversationId, {
      ...current,
      items: current.items.filter((pin) => pin.message.id !== messageId),
    });
  }

  private set(conversationId: string, pins: ConversationPins): void {
    this.state.update((state) => new Map(state).set(conversationId, pins));
  }
}
