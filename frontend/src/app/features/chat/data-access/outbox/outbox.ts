import { computed, DestroyRef, effect, inject, Injectable, signal, untracked } from '@angular/core';
import { firstValueFrom, Observable, Subject } from 'rxjs';

import { MessageDto } from '../../../../core/api/model';
import { SessionStore } from '../../../../core/auth/session.store';
import { RealtimeService } from '../../../../core/realtime/realtime.service';
import { describeSendError } from '../chat-errors';
import { holdLock } from './flush-lock';
import { OutboxEntry, OutboxStorage, OutboxThreadTarget } from './outbox-storage';
import { sendOutcome } from './send-policy';

const CHANNEL_NAME = 'chat-outbox';

/**
 * What the user wrote and the server has not acknowledged yet, kept in IndexedDB: it survives a
 * reload or a browser restart and is sent, with its original client id, once the socket is
 * connected. A conversation's messages go one at a time, in typing order (the next waits for the
 * previous acknowledgement), so they get their seqs in that order. Trouble on the way (a rate
 * limit, a server or dependency down, a timeout, a lost connection) only delays a message; a
 * permanent refusal marks it failed, for Retry or Discard.
 *
 * The tabs of a browser share the outbox: one at a time flushes it (a Web Lock per user), every
 * one shows its lines (a BroadcastChannel says when it changed). Signing out clears the user's.
 */
@Injectable({ providedIn: 'root' })
export class Outbox {
  private readonly storage = inject(OutboxStorage);
  private readonly realtime = inject(RealtimeService);
  private readonly session = inject(SessionStore);

  private readonly all = signal<readonly OutboxEntry[]>([]);
  /** The signed-in user's unsent messages, in typing order. */
  readonly entries = this.all.asReadonly();
  private readonly delivered = new Subject<MessageDto>();
  /** Messages the server acknowledged: the stored copy of an entry, which leaves the outbox. */
  readonly delivered$: Observable<MessageDto> = this.delivered.asObservable();

  private userId: string | null = null;
  /** Bumped when the user changes: work started for the previous one stops. */
  private generation = 0;
  private leader = false;
  private releaseLock: () => void = () => undefined;
  private readonly draining = new Set<string>();
  /** Conversations that changed while being drained: drained again once that run ends. */
  private readonly rerun = new Set<string>();
  private readonly sleepers = new Set<() => void>();
  /** Counts connections: one made since an attempt failed makes waiting pointless. */
  private connections = 0;
  /** The entries as last read from (or written to) storage. */
  private stored: readonly OutboxEntry[] = [];
  /** Entries being written, and those a failed write kept here: shown over `stored`. */
  private readonly upserts = new Map<string, OutboxEntry>();
  /** Entries being deleted: no longer shown. */
  private readonly removals = new Set<string>();
  /** Counts reads and local writes of `stored`: a read that started before a write is stale. */
  private refreshes = 0;
  private lastPosition = 0;
  private readonly channel =
    typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL_NAME);

  constructor() {
    const userId = computed(() => this.session.user()?.id ?? null);
    effect(() => {
      const id = userId();
      untracked(() => this.switchUser(id));
    });
    const connected = this.realtime.connected$.subscribe(() => {
      // Waits for a connection that has just come back end now.
      this.connections++;
      this.wakeAll();
      void this.drainAll();
    });
    const onMessage = (event: MessageEvent<{ userId?: string }>) => {
      if (event.data?.userId !== this.userId) return;
      void this.refresh();
      void this.drainAll();
    };
    this.channel?.addEventListener('message', onMessage);
    inject(DestroyRef).onDestroy(() => {
      connected.unsubscribe();
      this.channel?.removeEventListener('message', onMessage);
      this.channel?.close();
      this.switchUser(null, false);
    });
  }

  /** Keeps the message, then sends it when its turn comes. */
  async add(
    conversationId: string,
    body: string,
    replyToId: string | null,
    attachmentIds: readonly string[] = [],
    thread?: OutboxThreadTarget,
  ): Promise<void> {
    const userId = this.userId;
    if (userId === null) return;
    const entry: OutboxEntry = {
      clientMessageId: newClientMessageId(),
      userId,
      conversationId,
      body,
      replyToId,
      ...(thread && { thread }),
      ...(attachmentIds.length > 0 && { attachmentIds: [...attachmentIds] }),
      createdAt: new Date().toISOString(),
      position: this.nextPosition(),
      state: 'pending',
      error: null,
    };
    // Shown at once; sent only once it is stored, so a reload cannot lose a message in flight.
    if (await this.persist(entry)) this.drain(conversationId);
  }

  /** Sends a failed message again, with the same client id: the server stores it at most once. */
  async retry(clientMessageId: string): Promise<void> {
    const entry = this.all().find((e) => e.clientMessageId === clientMessageId);
    if (entry?.state !== 'failed') return;
    if (await this.persist({ ...entry, state: 'pending', error: null })) {
      this.drain(entry.conversationId);
    }
  }

  /** Gives up on a failed message. */
  async discard(clientMessageId: string): Promise<void> {
    const entry = this.all().find((e) => e.clientMessageId === clientMessageId);
    if (entry?.state !== 'failed') return;
    await this.remove(clientMessageId);
  }

  private switchUser(id: string | null, clearPrevious = true): void {
    const previous = this.userId;
    if (id === previous) return;
    this.generation++;
    this.releaseLock();
    this.releaseLock = () => undefined;
    this.leader = false;
    this.draining.clear();
    this.rerun.clear();
    this.wakeAll();
    this.userId = id;
    this.stored = [];
    this.upserts.clear();
    this.removals.clear();
    this.all.set([]);
    // Signed out: what they had not sent must not wait on a shared computer.
    if (clearPrevious && previous !== null && id === null) {
      void this.storage
        .clear(previous)
        .then(() => this.channel?.postMessage({ userId: previous }))
        // Closed with the page meanwhile: the other tabs clear it as they see the sign-out.
        .catch(() => undefined);
    }
    if (id === null) return;
    void this.refresh();
    const generation = this.generation;
    this.releaseLock = holdLock(`${CHANNEL_NAME}:${id}`, () => {
      if (generation !== this.generation) return;
      this.leader = true;
      void this.drainAll();
    });
  }

  /** Reloads the entries from storage (another tab may have changed them). */
  private async refresh(): Promise<void> {
    const userId = this.userId;
    if (userId === null) return;
    const request = ++this.refreshes;
    const entries = await this.storage.list(userId);
    // Only the latest read counts, and only for the user it was made for.
    if (request !== this.refreshes || userId !== this.userId) return;
    this.stored = entries;
    this.show();
  }

  /**
   * Writes an entry, shown meanwhile. False when storage refused it: it then stays on screen as
   * failed, for Retry to write it again.
   */
  private async persist(entry: OutboxEntry): Promise<boolean> {
    const { clientMessageId } = entry;
    const userId = this.userId;
    this.upserts.set(clientMessageId, entry);
    this.show();
    try {
      await this.storage.put(entry);
    } catch {
      if (userId !== this.userId) return false;
      this.upserts.set(clientMessageId, {
        ...entry,
        state: 'failed',
        error: "Couldn't keep the message on this device. Try again.",
      });
      this.show();
      return false;
    }
    if (userId !== this.userId) return false;
    this.upserts.delete(clientMessageId);
    this.refreshes++;
    this.stored = [...this.stored.filter((e) => e.clientMessageId !== clientMessageId), entry];
    this.show();
    this.changed();
    return true;
  }

  /** Deletes an entry, hidden at once (before the first await). */
  private async remove(clientMessageId: string): Promise<void> {
    const userId = this.userId;
    this.upserts.delete(clientMessageId);
    this.removals.add(clientMessageId);
    this.show();
    try {
      await this.storage.delete(clientMessageId);
    } catch {
      // Stays hidden; a reload may send it once more, and the server answers with the original.
      return;
    }
    if (userId !== this.userId) return;
    this.removals.delete(clientMessageId);
    this.refreshes++;
    this.stored = this.stored.filter((e) => e.clientMessageId !== clientMessageId);
    this.show();
    this.changed();
  }

  /** What is stored, with the writes and deletions under way. */
  private show(): void {
    const entries = new Map(this.stored.map((e) => [e.clientMessageId, e]));
    for (const [id, entry] of this.upserts) entries.set(id, entry);
    for (const id of this.removals) entries.delete(id);
    this.all.set([...entries.values()].sort((a, b) => a.position - b.position));
  }

  private async drainAll(): Promise<void> {
    const userId = this.userId;
    if (userId === null || !this.leader || !this.realtime.connected()) return;
    const entries = await this.storage.list(userId);
    const conversations = new Set(
      entries.filter((e) => e.state === 'pending').map((e) => e.conversationId),
    );
    for (const conversationId of conversations) this.drain(conversationId);
  }

  /** Sends the conversation's pending messages one after the other, unless that is under way. */
  private drain(conversationId: string): void {
    if (!this.leader || this.userId === null) return;
    if (this.draining.has(conversationId)) {
      this.rerun.add(conversationId);
      return;
    }
    this.draining.add(conversationId);
    const generation = this.generation;
    void this.sendInOrder(conversationId, generation)
      // Storage that fails to read leaves the messages pending: the next trigger tries again.
      .catch(() => undefined)
      .finally(() => {
        if (generation !== this.generation) return;
        this.draining.delete(conversationId);
        if (this.rerun.delete(conversationId)) this.drain(conversationId);
      });
  }

  private async sendInOrder(conversationId: string, generation: number): Promise<void> {
    let failures = 0;
    for (;;) {
      const userId = this.userId;
      if (generation !== this.generation || userId === null || !this.realtime.connected()) return;
      const entries = await this.storage.list(userId);
      // An entry whose deletion is under way (or failed) was delivered: never sent twice here.
      const next = entries.find(
        (e) =>
          e.conversationId === conversationId &&
          e.state === 'pending' &&
          !this.removals.has(e.clientMessageId),
      );
      if (!next || generation !== this.generation) return;
      const connection = this.connections;
      try {
        const stored = await firstValueFrom(
          this.realtime.emit('message:send', {
            conversationId,
            clientMessageId: next.clientMessageId,
            // A message of files alone has no text.
            ...(next.body || !next.attachmentIds?.length ? { body: next.body } : {}),
            ...(next.replyToId ? { replyToId: next.replyToId } : {}),
            ...(next.thread ? { threadRootId: next.thread.rootId } : {}),
            ...(next.thread?.alsoToConversation ? { alsoToConversation: true } : {}),
            ...(next.attachmentIds?.length ? { attachmentIds: [...next.attachmentIds] } : {}),
          }),
        );
        if (generation !== this.generation) return;
        failures = 0;
        // The stored copy replaces the line in the same change: never both, never neither.
        const removed = this.remove(next.clientMessageId);
        this.delivered.next(stored);
        await removed;
      } catch (error: unknown) {
        if (generation !== this.generation) return;
        const outcome = sendOutcome(error, ++failures);
        if (outcome.kind === 'failed') {
          failures = 0;
          const failed: OutboxEntry = { ...next, state: 'failed', error: describeSendError(error) };
          // Not recorded as failed: stop here rather than send it again and again.
          if (!(await this.persist(failed))) return;
        } else if (this.connections !== connection) {
          // Reconnected while the attempt failed: the trouble may be gone, try at once.
        } else if (this.realtime.connected()) {
          await this.sleep(outcome.delayMs);
        } else {
          // The next connection drains the conversation again.
          return;
        }
      }
    }
  }

  /** Tells the other tabs to reload the outbox. */
  private changed(): void {
    this.channel?.postMessage({ userId: this.userId });
  }

  private nextPosition(): number {
    const newest = this.all().reduce((max, e) => Math.max(max, e.position), this.lastPosition);
    this.lastPosition = Math.max(Date.now(), newest + 1);
    return this.lastPosition;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  private wakeAll(): void {
    for (const wake of [...this.sleepers]) wake();
  }
}

/** A UUID; `crypto.randomUUID` exists only in secure contexts (a LAN server over plain HTTP is not). */
export function newClientMessageId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
