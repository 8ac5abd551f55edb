import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { Subscription } from 'rxjs';

import { PresenceService } from '../../../core/api';
import { PresenceDto, PresenceEventDto } from '../../../core/api/model';
import { SessionStore } from '../../../core/auth/session.store';
import { BotsStore } from './bots.store';

/** The server answers for at most this many users per call. */
export const PRESENCE_BATCH_SIZE = 100;

/** What is known of someone's presence. */
export interface Presence {
  readonly online: boolean;
  /** When they were last online; null if never seen. */
  readonly lastSeenAt: string | null;
}

/**
 * Who is online, among the people the user shares a conversation with: fetched for the users
 * asked about (`track`), kept current by `presence` events, fetched again after a reconnection
 * (events sent meanwhile are lost). The server leaves strangers out: they stay unknown.
 */
@Injectable({ providedIn: 'root' })
export class PresenceStore {
  private readonly api = inject(PresenceService);
  private readonly session = inject(SessionStore);
  private readonly bots = inject(BotsStore);

  private readonly byUser = signal<ReadonlyMap<string, Presence>>(new Map());
  /** Users whose presence is known: kept current by events, fetched again on `refresh`. */
  private readonly known = new Set<string>();
  /** Users asked about, the answer not in yet. */
  private readonly pending = new Set<string>();
  /**
   * Users asked about again while their answer was on its way: if it leaves them out, they are
   * asked once more (a conversation with them may have been made meanwhile).
   */
  private readonly recheck = new Set<string>();
  /**
   * Orders answers and events: an answer that left the server before an event we have applied
   * must not undo it. Each fetch and each event takes the next number.
   */
  private version = 0;
  private readonly eventVersions = new Map<string, number>();
  private requests = new Subscription();

  /**
   * Ids of the users known to be online. A bot that cannot answer (no model) is never offered
   * as online, though the server always counts bots online.
   */
  readonly onlineIds = computed<ReadonlySet<string>>(() => {
    const online = new Set<string>();
    for (const [userId, presence] of this.byUser()) {
      if (presence.online && this.bots.get(userId)?.available !== false) online.add(userId);
    }
    return online;
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => this.reset());
  }

  /** Reactive: undefined while unknown (not fetched yet, or someone the user shares nothing with). */
  get(userId: string): Presence | undefined {
    return this.byUser().get(userId);
  }

  /** Reactive. */
  isOnline(userId: string): boolean {
    return this.onlineIds().has(userId);
  }

  /**
   * Fetches the presence of those users not known yet, in batches. Those the server left out
   * (strangers) are asked about again on the next call: they may share a conversation by then.
   */
  track(userIds: Iterable<string>): void {
    const myId = this.session.user()?.id;
    const fresh = new Set<string>();
    for (const id of userIds) {
      if (id === myId || this.known.has(id)) continue;
      if (this.pending.has(id)) this.recheck.add(id);
      else fresh.add(id);
    }
    this.fetch([...fresh]);
  }

  /** Everyone known, again: after a reconnection (events sent meanwhile are lost). */
  refresh(): void {
    this.fetch([...this.known].filter((id) => !this.pending.has(id)));
  }

  /** A `presence` event. */
  apply({ userId, status, lastSeenAt }: PresenceEventDto): void {
    if (userId === this.session.user()?.id) return;
    this.eventVersions.set(userId, ++this.version);
    this.known.add(userId);
    this.set(userId, { online: status === 'online', lastSeenAt: lastSeenAt ?? null });
  }

  /** Forgets everything: another user signed in. */
  reset(): void {
    this.requests.unsubscribe();
    this.requests = new Subscription();
    this.known.clear();
    this.pending.clear();
    this.recheck.clear();
    this.eventVersions.clear();
    this.byUser.set(new Map());
  }

  private fetch(userIds: readonly string[]): void {
    for (let start = 0; start < userIds.length; start += PRESENCE_BATCH_SIZE) {
      const batch = userIds.slice(start, start + PRESENCE_BATCH_SIZE);
      const version = ++this.version;
      batch.forEach((id) => this.pending.add(id));
      // One comma-separated value, as the API documents it.
      const request = this.api.getPresence({ userIds: batch.join(',') }).subscribe({
        next: (answer) => this.merge(batch, answer, version),
        // Best effort: asked about again when next needed (a new list, a reconnection).
        error: () => {
          for (const id of batch) {
            this.pending.delete(id);
            this.recheck.delete(id);
          }
        },
      });
      this.requests.add(request);
    }
  }

  private merge(
    asked: readonly string[],
    answer: Readonly<Record<string, PresenceDto>>,
    version: number,
  ): void {
    const next = new Map(this.byUser());
    const again: string[] = [];
    for (const userId of asked) {
      this.pending.delete(userId);
      const recheck = this.recheck.delete(userId);
      // An event applied since the request left is more recent than its answer.
      if ((this.eventVersions.get(userId) ?? 0) > version) continue;
      const presence = answer[userId];
      if (presence) {
        this.known.add(userId);
        next.set(userId, {
          online: presence.status === 'online',
          lastSeenAt: presence.lastSeenAt ?? null,
        });
      } else {
        // Not (or no longer) someone the user shares a conversation with.
        this.known.delete(userId);
        next.delete(userId);
        if (recheck) again.push(userId);
      }
    }
    this.byUser.set(next);
    this.fetch(again);
  }

  private set(userId: string, presence: Presence): void {
    const known = this.byUser().get(userId);
    if (known?.online === presence.online && known.lastSeenAt === presence.lastSeenAt) return;
    this.byUser.update((all) => new Map(all).set(userId, presence));
  }
}
