import { computed, effect, inject, Injectable, signal, untracked } from '@angular/core';

import { SessionStore } from '../../../core/auth/session.store';
import { OutboxStorage } from './outbox/outbox-storage';

/**
 * What the user typed in each conversation and has not sent, kept beside the outbox in
 * IndexedDB: it is there again after switching chats or reloading, until it is sent or erased.
 * Signing out forgets it, like the outbox.
 */
@Injectable({ providedIn: 'root' })
export class DraftsStore {
  private readonly storage = inject(OutboxStorage);
  private readonly session = inject(SessionStore);

  private readonly texts = signal<ReadonlyMap<string, string>>(new Map());
  private readonly loadedFor = signal<string | null>(null);
  private readonly userId = computed(() => this.session.user()?.id ?? null);
  /** Drafts by conversation id. */
  readonly drafts = this.texts.asReadonly();
  /** Whether the stored drafts have been read (a box opened before shows them once they are). */
  readonly ready = computed(() => this.userId() !== null && this.loadedFor() === this.userId());

  constructor() {
    let previous: string | null = null;
    effect(() => {
      const id = this.userId();
      untracked(() => {
        this.texts.set(new Map());
        this.loadedFor.set(null);
        if (previous !== null && id === null) void this.storage.clearDrafts(previous);
        previous = id;
        if (id !== null) void this.load(id);
      });
    });
  }

  get(conversationId: string): string {
    return this.texts().get(conversationId) ?? '';
  }

  /** Keeps the text typed so far (written at once: a reload right after typing keeps it). */
  set(conversationId: string, text: string): void {
    const userId = this.userId();
    if (userId === null || this.get(conversationId) === text) return;
    this.texts.update((texts) => {
      const next = new Map(texts);
      if (text === '') next.delete(conversationId);
      else next.set(conversationId, text);
      return next;
    });
    void this.storage.putDraft({ userId, conversationId, text }).catch(() => undefined);
  }

  /** The draft was sent. */
  clear(conversationId: string): void {
    this.set(conversationId, '');
  }

  private async load(userId: string): Promise<void> {
    const stored = await this.storage.listDrafts(userId).catch(() => []);
    if (this.userId() !== userId) return;
    // Typed before the read finished wins over what was stored.
    this.texts.update((typed) => {
      const next = new Map(stored.map((draft) => [draft.conversationId, draft.text]));
      for (const [conversationId, text] of typed) next.set(conversationId, text);
      return next;
    });
    this.loadedFor.set(userId);
  }
}
