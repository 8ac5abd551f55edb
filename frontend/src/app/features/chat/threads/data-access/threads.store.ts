import { computed, DestroyRef, effect, inject, Injectable, signal, untracked } from '@angular/core';
import { Observable, tap } from 'rxjs';

import { ThreadsService } from '../../../../core/api';
import { FollowedThreadDto, MessageDto, ThreadUpdatedEventDto } from '../../../../core/api/model';
import { SessionStore } from '../../../../core/auth/session.store';
import { RealtimeService } from '../../../../core/realtime/realtime.service';
import { describeLoadError } from '../../data-access/chat-errors';
import { LoadStatus } from '../../data-access/conversations.store';
import { MessagesStore, OutgoingMessage } from '../../data-access/messages.store';
import { Outbox } from '../../data-access/outbox/outbox';

export const THREAD_PAGE_SIZE = 50;

/** One thread's replies as far as the panel loaded them. */
interface LoadedReplies {
  readonly status: LoadStatus;
  readonly error: string | null;
  readonly items: readonly MessageDto[];
  readonly hasMore: boolean;
}

const NOT_LOADED: LoadedReplies = { status: 'idle', error: null, items: [], hasMore: false };

/**
 * Threads: the replies of an open thread (its first page from the API, then live from the
 * conversation's messages, since replies arrive as `message:new`), replying through the same
 * outbox as the conversation, and the followed threads with their unread counts.
 */
@Injectable({ providedIn: 'root' })
export class ThreadsStore {
  private readonly api = inject(ThreadsService);
  private readonly messages = inject(MessagesStore);
  private readonly outbox = inject(Outbox);
  private readonly session = inject(SessionStore);

  private readonly replies = signal<ReadonlyMap<string, LoadedReplies>>(new Map());
  private readonly _followed = signal<readonly FollowedThreadDto[]>([]);
  private readonly _followedStatus = signal<LoadStatus>('idle');
  private readonly _followedError = signal<string | null>(null);
  private readonly followedCursor = signal<string | null>(null);

  /** Unread first, then by newest reply: the order `GET /threads` answers in, kept live. */
  readonly followed = computed(() => [...this._followed()].sort(byUnreadThenNewest));
  readonly followedStatus = this._followedStatus.asReadonly();
  readonly followedError = this._followedError.asReadonly();
  readonly hasMoreFollowed = computed(() => this.followedCursor() !== null);
  readonly totalUnread = computed(() =>
    this._followed().reduce((sum, thread) => sum + thread.unreadCount, 0),
  );

  constructor() {
    // Lazy (loaded with the first thread view): it listens from then on, beside ChatRealtime.
    const realtime = inject(RealtimeService);
    const subscriptions = [
      realtime.on('message:new').subscribe((message) => this.applyNew(message)),
      realtime.on('thread:updated').subscribe((event) => this.applyThreadUpdated(event)),
      realtime.connected$.subscribe(() => this.loadFollowedIfLoaded()),
    ];
    // Another user signing in on this tab must not see the previous one's threads.
    const userId = computed(() => this.session.user()?.id ?? null);
    let previous = untracked(userId);
    effect(() => {
      const current = userId();
      if (current === previous) return;
      previous = current;
      untracked(() => this.reset());
    });
    inject(DestroyRef).onDestroy(() => {
      for (const subscription of subscriptions) subscription.unsubscribe();
    });
  }

  /** The followed threads' first page (again). */
  loadFollowed(): void {
    if (this._followedStatus() !== 'ready') this._followedStatus.set('loading');
    this._followedError.set(null);
    this.api.listThreads({ limit: THREAD_PAGE_SIZE }).subscribe({
      next: (page) => {
        this._followed.set(page.items);
        this.followedCursor.set(page.nextCursor);
        this._followedStatus.set('ready');
      },
      error: (error: unknown) => {
        this._followedError.set(describeLoadError('your threads', error));
        this._followedStatus.set('error');
      },
    });
  }

  loadMoreFollowed(): void {
    const cursor = this.followedCursor();
    if (cursor === null) return;
    this.api.listThreads({ limit: THREAD_PAGE_SIZE, cursor }).subscribe({
      next: (page) => {
        const known = new Set(this._followed().map((t) => t.root.id));
        this._followed.update((items) => [
          ...items,
          ...page.items.filter((t) => !known.has(t.root.id)),
        ]);
        this.followedCursor.set(page.nextCursor);
      },
      error: (error: unknown) => this._followedError.set(describeLoadError('more threads', error)),
    });
  }

  isFollowed(rootId: string): boolean {
    return this._followed().some((t) => t.root.id === rootId);
  }

  /** Loads the thread's newest replies, once (again after an error). */
  open(rootId: string): void {
    const current = this.replies().get(rootId)?.status;
    if (current === 'loading' || current === 'ready') return;
    this.setReplies(rootId, { ...NOT_LOADED, status: 'loading' });
    this.api.listThreadReplies(rootId, { limit: THREAD_PAGE_SIZE }).subscribe({
      next: (page) =>
        this.setReplies(rootId, {
          status: 'ready',
          error: null,
          items: page.items,
          hasMore: page.hasMore,
        }),
      error: (error: unknown) =>
        this.setReplies(rootId, {
          ...NOT_LOADED,
          status: 'error',
          error: describeLoadError('this thread', error),
        }),
    });
  }

  /** Reactive: the loading state of a thread's replies. */
  status(rootId: string): { status: LoadStatus; error: string | null } {
    const { status, error } = this.replies().get(rootId) ?? NOT_LOADED;
    return { status, error };
  }

  /**
   * Reactive: the stored replies (the loaded page and those that arrived since, in seq order,
   * each once) and the user's replies still on their way.
   */
  thread(
    conversationId: string,
    rootId: string,
  ): { replies: MessageDto[]; outgoing: OutgoingMessage[] } {
    const loaded = this.replies().get(rootId)?.items ?? [];
    const conversation = this.messages.thread(conversationId);
    const byId = new Map<string, MessageDto>();
    for (const reply of loaded) byId.set(reply.id, reply);
    for (const message of conversation.messages) {
      if (message.threadRootId === rootId) byId.set(message.id, message);
    }
    const replies = [...byId.values()].sort((a, b) => a.seq - b.seq);
    const stored = new Set(replies.map((r) => r.clientMessageId));
    const outgoing = conversation.outgoing.filter(
      (o) => o.thread?.rootId === rootId && !stored.has(o.clientMessageId),
    );
    return { replies, outgoing };
  }

  /** The root from the conversation's messages, else from the followed threads. */
  root(conversationId: string, rootId: string): MessageDto | undefined {
    return (
      this.messages.thread(conversationId).messages.find((m) => m.id === rootId) ??
      this._followed().find((t) => t.root.id === rootId)?.root
    );
  }

  /** Into the outbox like any message: kept across reloads, sent in order, with its own id. */
  reply(
    conversationId: string,
    rootId: string,
    body: string,
    alsoToConversation: boolean,
  ): Promise<void> {
    return this.outbox.add(conversationId, body, null, [], { rootId, alsoToConversation });
  }

  /** Read up to `seq` (the newest reply shown): the badge clears at once. */
  markRead(rootId: string, seq: number): void {
    const followed = this._followed().find((t) => t.root.id === rootId);
    if (followed && followed.lastReadSeq >= seq && followed.unreadCount === 0) return;
    this._followed.update((items) =>
      items.map((t) =>
        t.root.id === rootId
          ? { ...t, lastReadSeq: Math.max(t.lastReadSeq, seq), unreadCount: 0 }
          : t,
      ),
    );
    this.api.markThreadRead(rootId, { seq }).subscribe({ error: () => undefined });
  }

  follow(root: MessageDto): Observable<void> {
    return this.api.followThread(root.id).pipe(
      tap(() => {
        if (this.isFollowed(root.id)) return;
        const lastReadSeq = root.thread ? this.lastSeqOf(root) : root.seq;
        this._followed.update((items) => [...items, { root, lastReadSeq, unreadCount: 0 }]);
      }),
    );
  }

  unfollow(rootId: string): Observable<void> {
    return this.api
      .unfollowThread(rootId)
      .pipe(tap(() => this._followed.update((items) => items.filter((t) => t.root.id !== rootId))));
  }

  /** `message:new`: a reply from someone else in a followed thread is unread there. */
  applyNew(message: MessageDto): void {
    const rootId = message.threadRootId;
    // An open thread of a conversation not loaded here still gets its replies.
    const loaded = rootId ? this.replies().get(rootId) : undefined;
    if (rootId && loaded?.status === 'ready' && !loaded.items.some((m) => m.id === message.id)) {
      this.setReplies(rootId, { ...loaded, items: [...loaded.items, message] });
    }
    if (!rootId) return;
    const myId = this.session.user()?.id;
    if (!this.isFollowed(rootId)) {
      // The server now has us following: we wrote there, were mentioned, or wrote the root.
      const root = this.root(message.conversationId, rootId);
      const mine =
        message.sender.id === myId ||
        (myId !== undefined && message.mentions.includes(myId)) ||
        root?.sender.id === myId;
      if (mine) this.loadFollowedIfLoaded();
      return;
    }
    if (message.sender.id === myId) return;
    this._followed.update((items) =>
      items.map((t) =>
        t.root.id === rootId && message.seq > t.lastReadSeq
          ? { ...t, unreadCount: t.unreadCount + 1 }
          : t,
      ),
    );
  }

  /** `thread:updated`: the root's summary, kept at the highest reply count. */
  applyThreadUpdated(event: ThreadUpdatedEventDto): void {
    const { rootId, replyCount, lastReplyAt, participantIds } = event;
    this._followed.update((items) =>
      items.map((t) =>
        t.root.id === rootId && (t.root.thread?.replyCount ?? 0) < replyCount
          ? { ...t, root: { ...t.root, thread: { replyCount, lastReplyAt, participantIds } } }
          : t,
      ),
    );
  }

  reset(): void {
    this.replies.set(new Map());
    this._followed.set([]);
    this._followedStatus.set('idle');
    this._followedError.set(null);
    this.followedCursor.set(null);
  }

  private loadFollowedIfLoaded(): void {
    if (this._followedStatus() === 'ready') this.loadFollowed();
  }

  private lastSeqOf(root: MessageDto): number {
    const replies = this.thread(root.conversationId, root.id).replies;
    return replies.at(-1)?.seq ?? root.seq;
  }

  private setReplies(rootId: string, replies: LoadedReplies): void {
    this.replies.update((map) => new Map(map).set(rootId, replies));
  }
}

function byUnreadThenNewest(a: FollowedThreadDto, b: FollowedThreadDto): number {
  const unread = Number(b.unreadCount > 0) - Number(a.unreadCount > 0);
  if (unread !== 0) return unread;
  const at = (t: FollowedThreadDto) => t.root.thread?.lastReplyAt ?? t.root.createdAt;
  return at(b).localeCompare(at(a));
}
