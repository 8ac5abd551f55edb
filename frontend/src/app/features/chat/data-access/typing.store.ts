import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import { Subscription } from 'rxjs';

import { TypingBroadcastDto } from '../../../core/api/model';
import { SessionStore } from '../../../core/auth/session.store';
import { RealtimeService } from '../../../core/realtime/realtime.service';

/** A typing indicator the sender stopped refreshing (closed tab, lost network) goes away. */
export const TYPING_EXPIRY_MS = 5_000;
/** While the user keeps typing, `isTyping: true` is repeated this often (server: 1/s at most). */
export const TYPING_REFRESH_MS = 2_500;

/** Who is typing where (from `typing` events), and the user's own typing, throttled. */
@Injectable({ providedIn: 'root' })
export class TypingStore {
  private readonly realtime = inject(RealtimeService);
  private readonly session = inject(SessionStore);

  /** Conversation id -> ids of the people typing there, in the order they started. */
  private readonly typists = signal<ReadonlyMap<string, readonly string[]>>(new Map());
  private readonly expiries = new Map<string, ReturnType<typeof setTimeout>>();
  /** When the user's last `isTyping: true` went out, per conversation. */
  private readonly announced = new Map<string, number>();
  private requests = new Subscription();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.reset());
  }

  /** Reactive: reads the store's signal. */
  typingIn(conversationId: string): readonly string[] {
    return this.typists().get(conversationId) ?? [];
  }

  apply({ conversationId, userId, isTyping }: TypingBroadcastDto): void {
    // The user's own other tabs hear it too.
    if (userId === this.session.user()?.id) return;
    const key = `${conversationId}:${userId}`;
    clearTimeout(this.expiries.get(key));
    this.expiries.delete(key);
    if (isTyping) {
      this.expiries.set(
        key,
        setTimeout(() => this.stopped(conversationId, userId), TYPING_EXPIRY_MS),
      );
      if (!this.typingIn(conversationId).includes(userId)) {
        this.typists.update((all) =>
          new Map(all).set(conversationId, [...this.typingIn(conversationId), userId]),
        );
      }
    } else {
      this.stopped(conversationId, userId);
    }
  }

  /** A message from someone ends their typing there. */
  stopped(conversationId: string, userId: string): void {
    const key = `${conversationId}:${userId}`;
    clearTimeout(this.expiries.get(key));
    this.expiries.delete(key);
    const remaining = this.typingIn(conversationId).filter((id) => id !== userId);
    if (remaining.length === this.typingIn(conversationId).length) return;
    this.typists.update((all) => {
      const next = new Map(all);
      if (remaining.length) next.set(conversationId, remaining);
      else next.delete(conversationId);
      return next;
    });
  }

  /**
   * The user is typing (or stopped: emptied the composer, sent, left it). Tells the others,
   * repeating `true` no more often than every few seconds and `false` only after a `true`.
   */
  setTyping(conversationId: string, isTyping: boolean): void {
    const last = this.announced.get(conversationId);
    if (isTyping) {
      if (last !== undefined && Date.now() - last < TYPING_REFRESH_MS) return;
      this.announced.set(conversationId, Date.now());
    } else {
      if (last === undefined) return;
      this.announced.delete(conversationId);
    }
    if (!this.realtime.connected()) return;
    this.requests.add(
      this.realtime
        .emit('typing', { conversationId, isTyping })
        // A lost typing event is harmless: it expires on the other side.
        .subscribe({ error: () => undefined }),
    );
  }

  reset(): void {
    this.requests.unsubscribe();
    this.requests = new Subscription();
    for (const timer of this.expiries.values()) clearTimeout(timer);
    this.expiries.clear();
    this.announced.clear();
    this.typists.set(new Map());
  }
}
