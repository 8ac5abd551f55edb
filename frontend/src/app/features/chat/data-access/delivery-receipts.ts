import { DestroyRef, inject, Injectable } from '@angular/core';

import { RealtimeService } from '../../../core/realtime/realtime.service';

/** At most one `conversation:delivered` a second per conversation (DESIGN section 5). */
export const DELIVERED_INTERVAL_MS = 1_000;

/**
 * Tells the server how far this device has received each conversation, so senders see a
 * delivered tick: the first message of a burst at once, the rest coalesced to one event a second
 * per conversation. Best effort: the marker only moves forward, and a later one carries this one.
 */
@Injectable({ providedIn: 'root' })
export class DeliveryReceipts {
  private readonly realtime = inject(RealtimeService);
  /** Highest seq received and not yet reported, by conversation. */
  private readonly pending = new Map<string, number>();
  private readonly sent = new Map<string, number>();
  private readonly cooling = new Map<string, ReturnType<typeof setTimeout>>();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.reset());
  }

  received(conversationId: string, seq: number): void {
    if (seq <= Math.max(this.sent.get(conversationId) ?? 0, this.pending.get(conversationId) ?? 0))
      return;
    this.pending.set(conversationId, seq);
    if (!this.cooling.has(conversationId)) this.flush(conversationId);
  }

  /** Signed out: nothing more is reported for the previous user. */
  reset(): void {
    for (const timer of this.cooling.values()) clearTimeout(timer);
    this.cooling.clear();
    this.pending.clear();
    this.sent.clear();
  }

  private flush(conversationId: string): void {
    const seq = this.pending.get(conversationId);
    this.pending.delete(conversationId);
    if (seq === undefined) {
      this.cooling.delete(conversationId);
      return;
    }
    this.sent.set(conversationId, seq);
    if (this.realtime.connected()) {
      this.realtime
        .emit('conversation:delivered', { conversationId, seq })
        .subscribe({ error: () => undefined });
    }
    this.cooling.set(
      conversationId,
      setTimeout(() => this.flush(conversationId), DELIVERED_INTERVAL_MS),
    );
  }
}
