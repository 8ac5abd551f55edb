import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { map, Observable, tap } from 'rxjs';

import { MessagesService, RemindersService, ScheduledService } from '../../../../core/api';
import { ReminderDto, ScheduledMessageDto } from '../../../../core/api/model';
import { RealtimeService } from '../../../../core/realtime/realtime.service';

const PENDING = new Set<ScheduledMessageDto['status']>(['scheduled', 'sending']);

/** A client id for a scheduled send: retrying the request schedules it once. */
const newClientId = () => `sched-${crypto.randomUUID()}`;

/**
 * The person's scheduled messages (pending ones, per conversation, kept live by
 * `scheduled:updated` from any of their devices) and their reminders about messages.
 * Lazy: loaded with the first schedule picker or strip.
 */
@Injectable({ providedIn: 'root' })
export class ScheduledStore {
  private readonly scheduledApi = inject(ScheduledService);
  private readonly messagesApi = inject(MessagesService);
  private readonly remindersApi = inject(RemindersService);

  private readonly _pending = signal<ReadonlyMap<string, ScheduledMessageDto>>(new Map());

  /** Pending scheduled messages, soonest first. */
  readonly pending = computed(() =>
    [...this._pending().values()].sort((a, b) => a.sendAt.localeCompare(b.sendAt)),
  );

  constructor() {
    const realtime = inject(RealtimeService);
    const subscriptions = [
      realtime.on('scheduled:updated').subscribe((item) => this.apply(item)),
      // Sent or failed while offline: the list is read again on reconnecting.
      realtime.connected$.subscribe(() => this.load()),
    ];
    inject(DestroyRef).onDestroy(() => subscriptions.forEach((s) => s.unsubscribe()));
    this.load();
  }

  /** The pending ones of one conversation. */
  forConversation(conversationId: string) {
    return computed(() => this.pending().filter((s) => s.conversationId === conversationId));
  }

  load(): void {
    this.scheduledApi.listScheduled().subscribe({
      next: ({ items }) => this._pending.set(new Map(items.map((s) => [s.id, s]))),
      // The strip then shows what it knew; the next reconnect tries again.
      error: () => undefined,
    });
  }

  schedule(conversationId: string, body: string, sendAt: Date): Observable<ScheduledMessageDto> {
    return this.messagesApi
      .sendMessage<ScheduledMessageDto>(conversationId, {
        clientMessageId: newClientId(),
        body,
        sendAt: sendAt.toISOString(),
      })
      .pipe(tap((item) => this.apply(item)));
  }

  edit(id: string, changes: { body?: string; sendAt?: Date }): Observable<ScheduledMessageDto> {
    return this.scheduledApi
      .editScheduled(id, { body: changes.body, sendAt: changes.sendAt?.toISOString() })
      .pipe(tap((item) => this.apply(item)));
  }

  cancel(id: string): Observable<void> {
    return this.scheduledApi.cancelScheduled(id).pipe(
      tap(() => this.drop(id)),
      map(() => undefined),
    );
  }

  remind(messageId: string, at: Date): Observable<ReminderDto> {
    return this.remindersApi.remindMe(messageId, { at: at.toISOString() });
  }

  private apply(item: ScheduledMessageDto): void {
    if (!PENDING.has(item.status)) return this.drop(item.id);
    this._pending.update((all) => new Map(all).set(item.id, item));
  }

  private drop(id: string): void {
    this._pending.update((all) => {
      if (!all.has(id)) return all;
      const next = new Map(all);
      next.delete(id);
      return next;
    });
  }
}
