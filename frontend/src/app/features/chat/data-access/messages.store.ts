import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import { map, Observable, Subscription, tap } from 'rxjs';

import { BotsService, MessagesService } from '../../../core/api';
import {
  AttachmentUpdatedEventDto,
  MessageDeletedEventDto,
  MessageDeltaEventDto,
  MessageDto,
  ReactionUpdatedEventDto,
  ThreadUpdatedEventDto,
  UserDto,
} from '../../../core/api/model';
import { SessionStore } from '../../../core/auth/session.store';
import { withAttachment } from '../attachments/data-access/attachment-files';
import { applyReactionEvent } from '../reactions/data-access/reaction-set';
import { describeLoadError } from './chat-errors';
import { ConversationsStore, LoadStatus } from './conversations.store';
import { newerMessage } from './message-versions';
import { Outbox } from './outbox/outbox';
import { OutboxEntry, OutboxThreadTarget } from './outbox/outbox-storage';

const MESSAGE_PAGE_SIZE = 50;
/** The server's maximum page: catching up takes as few calls as possible. */
const CATCH_UP_PAGE_SIZE = 100;

/** A message the user wrote that the server has not stored yet, or refused (see `Outbox`). */
export interface OutgoingMessage {
  /** Sent with every attempt, so a retry can never store the message twice. */
  readonly clientMessageId: string;
  readonly conversationId: string;
  readonly body: string;
  readonly replyToId: string | null;
  /** A thread reply: shown in the thread panel (and the timeline only when also sent there). */
  readonly thread?: OutboxThreadTarget;
  /** Files going with it (already uploaded). */
  readonly attachmentIds?: readonly string[];
  readonly createdAt: string;
  readonly state: 'pending' | 'failed';
  readonly error: string | null;
}

/** One conversation's messages as far as they are loaded. */
export interface Thread {
  /** Stored messages in ascending seq, contiguous: a hole is filled as soon as it shows. */
  readonly messages: readonly MessageDto[];
  /** The user's messages on their way (the outbox's), shown after the stored ones. */
  readonly outgoing: readonly OutgoingMessage[];
  readonly status: LoadStatus;
  readonly error: string | null;
  readonly hasOlder: boolean;
  readonly loadingOlder: boolean;
  readonly olderError: string | null;
  /**
   * The messages loaded are a window around an older one (a search hit), not the newest: newer
   * pages load on demand until the window reaches the newest message. Meanwhile new messages
   * wait for those pages, since merging them would open a hole.
   */
  readonly hasNewer: boolean;
  readonly loadingNewer: boolean;
  readonly newerError: string | null;
}

/** What the store keeps: the outgoing messages come from the outbox. */
type LoadedThread = Omit<Thread, 'outgoing'>;

const EMPTY_THREAD: LoadedThread = {
  messages: [],
  status: 'idle',
  error: null,
  hasOlder: false,
  loadingOlder: false,
  olderError: null,
  hasNewer: false,
  loadingNewer: false,
  newerError: null,
};

/**
 * Messages per conversation: the newest page on open, older pages on demand, socket events
 * merged by seq, the outbox's messages after them, and catch-up (`afterSeq`) after a gap or a
 * reconnection.
 * A conversation can also open at an older message (`openAt`): the page around it, then pages
 * both ways until the newest message joins.
 *
 * Bot replies stream: `message:new` announces one (`status: 'streaming'`, empty body),
 * `message:delta` events append to it, and `message:updated` ends it with the final body.
 */
@Injectable({ providedIn: 'root' })
export class MessagesStore {
  private readonly api = inject(MessagesService);
  private readonly bots = inject(BotsService);
  private readonly session = inject(SessionStore);
  private readonly conversations = inject(ConversationsStore);
  private readonly outbox = inject(Outbox);

  private readonly threads = signal<ReadonlyMap<string, LoadedThread>>(new Map());
  /** The last `thread()` of each conversation, returned again while its parts are unchanged. */
  private readonly views = new Map<
    string,
    { loaded: LoadedThread; entries: readonly OutboxEntry[]; thread: Thread }
  >();
  private requests = new Subscription();
  /**
   * Per conversation, the fetches that fill its window of messages: cancelled when the window
   * is replaced (opening at a message, or jumping back to the newest).
   */
  private readonly windowRequests = new Map<string, Subscription>();
  /** Conversations with an `afterSeq` fetch in flight. */
  private readonly syncing = new Set<string>();
  /** Conversations to catch up again once their current fetch is done. */
  private readonly stale = new Set<string>();
  /**
   * Streaming replies this client has seen start, so it has every delta: only those grow. The
   * server stores a reply's text when it ends, so a reply loaded from a page mid-stream (or
   * followed across a lost connection) waits for its final text instead of showing a piece.
   */
  private readonly followed = new Set<string>();
  /**
   * `message:updated` events for messages of a page still loading (a link preview, an edit, a
   * reply's final text): the page may have been read before the change, so each is applied
   * again on top of it once it lands. Events arrive in order, so the last one held wins.
   */
  private readonly heldUpdates = new Map<string, Map<string, MessageDto>>();

  constructor() {
    const delivered = this.outbox.delivered$.subscribe((stored) => {
      this.applyNew(stored);
      this.conversations.applyMessage(stored);
    });
    inject(DestroyRef).onDestroy(() => {
      delivered.unsubscribe();
      this.reset();
    });
  }

  /**
   * Reactive: reads the store's signal and the outbox. An outbox message whose stored copy is
   * loaded shows once, as the stored one.
   */
  thread(conversationId: string): Thread {
    const loaded = this.threads().get(conversationId) ?? EMPTY_THREAD;
    const entries = this.outbox.entries();
    const view = this.views.get(conversationId);
    if (view?.loaded === loaded && view.entries === entries) return view.thread;
    const mine = entries.filter((entry) => entry.conversationId === conversationId);
    let outgoing: readonly OutgoingMessage[] = mine;
    if (mine.length > 0) {
      const myId = this.session.user()?.id;
      const stored = new Set(
        loaded.messages.filter((m) => m.sender.id === myId).map((m) => m.clientMessageId),
      );
      outgoing = mine.filter((entry) => !stored.has(entry.clientMessageId));
    }
    const thread: Thread = { ...loaded, outgoing };
    this.views.set(conversationId, { loaded, entries, thread });
    return thread;
  }

  /**
   * Loads the newest page, unless it is loaded (events keep it current) or loading. A window
   * around an older message is left for the newest page: a conversation opens at its end.
   */
  open(conversationId: string): void {
    const { status, hasNewer } = this.thread(conversationId);
    if (status === 'idle' || status === 'error') this.loadNewest(conversationId);
    else if (hasNewer) this.jumpToLatest(conversationId);
  }

  /**
   * Shows the conversation around message `seq` (a search hit): nothing to load when it is
   * loaded already, else the page around it replaces what was loaded.
   */
  openAt(conversationId: string, seq: number): void {
    const thread = this.thread(conversationId);
    if (thread.status === 'ready' && thread.messages.some((m) => m.seq === seq)) return;
    // Detached until the page says otherwise: events wait, they would open a hole.
    this.replaceWindow(conversationId, true);
    this.windowRequest(
      conversationId,
      this.api
        .listMessages(conversationId, { aroundSeq: seq, limit: MESSAGE_PAGE_SIZE })
        .subscribe({
          next: (page) => {
            // No such message (an old link): the conversation opens at its end instead.
            if (page.items.length === 0) {
              this.jumpToLatest(conversationId);
              return;
            }
            this.merge(conversationId, page.items);
            const hasNewer = page.hasMoreAfter ?? false;
            this.patch(conversationId, (t) => ({
              ...t,
              status: 'ready',
              hasOlder: page.hasMore,
              hasNewer,
            }));
            this.applyHeld(conversationId);
            if (!hasNewer) this.joinedNewest(conversationId);
          },
          error: (error: unknown) => {
            this.stale.delete(conversationId);
            this.heldUpdates.delete(conversationId);
            this.patch(conversationId, (t) => ({
              ...t,
              status: 'error',
              hasNewer: false,
              error: describeLoadError('the messages', error),
            }));
          },
        }),
    );
  }

  /** Leaves a window around an older message for the newest page. */
  jumpToLatest(conversationId: string): void {
    this.replaceWindow(conversationId, false);
    this.loadNewest(conversationId);
  }

  /** The page after a window around an older message, until it reaches the newest one. */
  loadNewer(conversationId: string): void {
    const thread = this.thread(conversationId);
    const last = thread.messages.at(-1)?.seq;
    if (thread.status !== 'ready' || !thread.hasNewer || thread.loadingNewer || !last) return;
    this.patch(conversationId, (t) => ({ ...t, loadingNewer: true, newerError: null }));
    this.windowRequest(
      conversationId,
      this.api
        .listMessages(conversationId, { afterSeq: last, limit: MESSAGE_PAGE_SIZE })
        .subscribe({
          next: (page) => {
            this.merge(conversationId, page.items);
            this.patch(conversationId, (t) => ({
              ...t,
              hasNewer: page.hasMore,
              loadingNewer: false,
            }));
            if (!page.hasMore) this.joinedNewest(conversationId);
          },
          error: (error: unknown) =>
            this.patch(conversationId, (t) => ({
              ...t,
              loadingNewer: false,
              newerError: describeLoadError('newer messages', error),
            })),
        }),
    );
  }

  loadOlder(conversationId: string): void {
    const thread = this.thread(conversationId);
    const first = thread.messages[0]?.seq;
    if (thread.status !== 'ready' || !thread.hasOlder || thread.loadingOlder || !first) return;
    this.patch(conversationId, (t) => ({ ...t, loadingOlder: true, olderError: null }));
    this.windowRequest(
      conversationId,
      this.api
        .listMessages(conversationId, { beforeSeq: first, limit: MESSAGE_PAGE_SIZE })
        .subscribe({
          next: (page) => {
            this.merge(conversationId, page.items);
            this.patch(conversationId, (t) => ({
              ...t,
              hasOlder: page.hasMore,
              loadingOlder: false,
            }));
          },
          error: (error: unknown) =>
            this.patch(conversationId, (t) => ({
              ...t,
              loadingOlder: false,
              olderError: describeLoadError('older messages', error),
            })),
        }),
    );
  }

  /**
   * Puts the message in the outbox, which shows it and sends it in its turn. Sent from a window
   * around an older message, the conversation goes back to its end.
   */
  send(
    conversationId: string,
    body: string,
    replyToId: string | null = null,
    attachmentIds: readonly string[] = [],
  ): Promise<void> {
    if (this.thread(conversationId).hasNewer) this.jumpToLatest(conversationId);
    return this.outbox.add(conversationId, body, replyToId, attachmentIds);
  }

  /** Sends a failed message again with the same client id: the server stores it at most once. */
  retry(conversationId: string, clientMessageId: string): Promise<void> {
    if (this.thread(conversationId).hasNewer) this.jumpToLatest(conversationId);
    return this.outbox.retry(clientMessageId);
  }

  /** Gives up on a failed message. */
  discard(clientMessageId: string): Promise<void> {
    return this.outbox.discard(clientMessageId);
  }

  edit(message: MessageDto, body: string): Observable<MessageDto> {
    return this.api.editMessage(message.id, { body }).pipe(
      tap((edited) => {
        this.applyUpdated(edited);
        this.conversations.applyMessageUpdated(edited);
      }),
    );
  }

  delete(message: MessageDto): Observable<void> {
    const event = { id: message.id, conversationId: message.conversationId, seq: message.seq };
    return this.api.deleteMessage(message.id).pipe(
      tap(() => {
        this.applyDeleted(event);
        this.conversations.applyMessageDeleted(event);
      }),
      map(() => undefined),
    );
  }

  /** `message:new`: merged into a conversation that is open or opening; a hole is then fetched. */
  applyNew(message: MessageDto): void {
    const { status, hasNewer, messages } = this.thread(message.conversationId);
    // Not loaded: its newest page will include the message.
    if (status !== 'ready' && status !== 'loading') return;
    // A window short of the newest message: only one that continues it joins now.
    const last = messages.at(-1)?.seq;
    if (hasNewer && (last === undefined || message.seq > last + 1)) return;
    if (message.status === 'streaming' && !this.has(message)) this.followed.add(message.id);
    this.merge(message.conversationId, [message]);
    this.fillGap(message.conversationId);
  }

  /**
   * An edit, or a bot reply's new state. `streaming` (re)starts a reply: its body replaces ours
   * and deltas follow; `complete` or `failed` ends it with the final body.
   */
  applyUpdated(message: MessageDto): void {
    if (!this.has(message)) {
      if (this.thread(message.conversationId).status === 'loading') this.hold(message);
      return;
    }
    if (message.status === 'streaming') {
      this.followed.add(message.id);
      this.replaceMessage(message.conversationId, message.id, () => message);
      return;
    }
    this.followed.delete(message.id);
    this.merge(message.conversationId, [message]);
  }

  /** `thread:updated`: the root's new summary, unless a later one (more replies) came first. */
  applyThreadSummary(event: ThreadUpdatedEventDto): void {
    const { conversationId, rootId, replyCount, lastReplyAt, participantIds } = event;
    this.replaceMessage(conversationId, rootId, (root) =>
      (root.thread?.replyCount ?? 0) >= replyCount
        ? root
        : { ...root, thread: { replyCount, lastReplyAt, participantIds } },
    );
  }

  /** `message:delta`: the next piece of a streaming reply this client follows. */
  applyDelta({ conversationId, messageId, delta }: MessageDeltaEventDto): void {
    if (!this.followed.has(messageId)) return;
    this.replaceMessage(conversationId, messageId, (message) =>
      message.status === 'streaming' && message.deletedAt === null
        ? { ...message, body: (message.body ?? '') + delta }
        : message,
    );
  }

  /** Asks the bot to stop writing a reply: what it wrote stays, and `message:updated` ends it. */
  stopReply(message: MessageDto): Observable<void> {
    return this.bots.stopBotReply(message.id);
  }

  /** Asks the bot to write a failed or stopped reply again: it streams anew in the same message. */
  retryReply(message: MessageDto): Observable<void> {
    return this.bots.retryBotReply(message.id).pipe(
      tap(() =>
        // Normally `message:updated` already said so; without a socket, show it started anyway.
        this.replaceMessage(message.conversationId, message.id, (current) =>
          current.status === 'failed' || current.status === 'stopped'
            ? { ...current, body: '', status: 'streaming', failureReason: null }
            : current,
        ),
      ),
    );
  }

  applyDeleted(event: MessageDeletedEventDto): void {
    const thread = this.threads().get(event.conversationId);
    const message = thread?.messages.find((m) => m.id === event.id);
    if (message && message.deletedAt === null) {
      this.merge(event.conversationId, [
        { ...message, body: null, deletedAt: new Date().toISOString() },
      ]);
    }
  }

  /** `reaction:updated`, an answer or an optimistic change: the message's whole new set. */
  applyReactions(event: ReactionUpdatedEventDto): void {
    this.replaceMessage(event.conversationId, event.messageId, (message) =>
      applyReactionEvent(message, event),
    );
  }

  /** `attachment:updated`: a thumbnail is ready (or failed) on the message that carries it. */
  applyAttachment(event: AttachmentUpdatedEventDto): void {
    const thread = this.threads().get(event.conversationId);
    const carrier = thread?.messages.find((m) =>
      m.attachments?.some((a) => a.id === event.attachment.id),
    );
    if (!carrier) return;
    this.replaceMessage(event.conversationId, carrier.id, (message) =>
      withAttachment(message, event.attachment),
    );
  }

  /** `user:updated`: someone's new name or avatar on the messages they sent. */
  applyUser(user: UserDto): void {
    this.threads.update((threads) => {
      let next: Map<string, LoadedThread> | null = null;
      for (const [conversationId, thread] of threads) {
        if (!thread.messages.some((m) => m.sender.id === user.id)) continue;
        const messages = thread.messages.map((m) =>
          m.sender.id === user.id ? { ...m, sender: user } : m,
        );
        (next ??= new Map(threads)).set(conversationId, { ...thread, messages });
      }
      return next ?? threads;
    });
  }

  /** After a reconnection: everything after the last known seq, for every loaded conversation. */
  catchUpAll(): void {
    // Deltas sent while disconnected are lost: those replies wait for their final text.
    this.followed.clear();
    for (const [conversationId, thread] of this.threads()) {
      if (thread.status === 'error') {
        // It failed to load, likely for want of the connection that is back: try again.
        this.loadNewest(conversationId);
      } else if (thread.hasNewer) {
        // Short of the newest message: newer pages bring what was missed.
        if (thread.status === 'loading') this.stale.add(conversationId);
      } else if (thread.status === 'loading') {
        // Its page may predate the connection: catch up once it has landed.
        this.stale.add(conversationId);
      } else if (thread.status === 'ready') {
        this.catchUp(conversationId);
      }
    }
  }

  /** Forgets everything: another user signed in. */
  reset(): void {
    this.requests.unsubscribe();
    this.requests = new Subscription();
    this.windowRequests.clear();
    this.syncing.clear();
    this.stale.clear();
    this.followed.clear();
    this.heldUpdates.clear();
    this.views.clear();
    this.threads.set(new Map());
  }

  private loadNewest(conversationId: string): void {
    this.patch(conversationId, (t) => ({ ...t, status: 'loading', error: null }));
    this.windowRequest(
      conversationId,
      this.api.listMessages(conversationId, { limit: MESSAGE_PAGE_SIZE }).subscribe({
        next: (page) => {
          this.merge(conversationId, page.items);
          this.patch(conversationId, (t) => ({ ...t, status: 'ready', hasOlder: page.hasMore }));
          this.applyHeld(conversationId);
          if (this.stale.delete(conversationId)) this.catchUp(conversationId);
          else this.fillGap(conversationId);
        },
        error: (error: unknown) => {
          this.stale.delete(conversationId);
          this.heldUpdates.delete(conversationId);
          this.patch(conversationId, (t) => ({
            ...t,
            status: 'error',
            error: describeLoadError('the messages', error),
          }));
        },
      }),
    );
  }

  private catchUp(conversationId: string): void {
    if (this.syncing.has(conversationId)) {
      this.stale.add(conversationId);
      return;
    }
    const { messages } = this.thread(conversationId);
    // A reply streaming before the connection dropped may have ended meanwhile: fetch it again.
    const streaming = messages.find((m) => m.status === 'streaming')?.seq;
    const last = messages.at(-1)?.seq ?? 0;
    this.fetchAfter(conversationId, streaming === undefined ? last : Math.min(last, streaming - 1));
  }

  /** Fetches the messages missing between two loaded ones, unless a fetch is already running. */
  private fillGap(conversationId: string, unless?: number): void {
    if (this.syncing.has(conversationId)) return;
    const gap = findGap(this.thread(conversationId).messages);
    // A hole the last fetch could not fill is not asked for again and again.
    if (gap !== null && gap !== unless) this.fetchAfter(conversationId, gap);
  }

  private fetchAfter(conversationId: string, afterSeq: number): void {
    this.syncing.add(conversationId);
    this.windowRequest(
      conversationId,
      this.api.listMessages(conversationId, { afterSeq, limit: CATCH_UP_PAGE_SIZE }).subscribe({
        next: (page) => {
          this.merge(conversationId, page.items);
          this.syncing.delete(conversationId);
          const last = page.items.at(-1)?.seq;
          if (page.hasMore && last !== undefined) {
            this.fetchAfter(conversationId, last);
          } else if (this.stale.delete(conversationId)) {
            this.catchUp(conversationId);
          } else {
            this.fillGap(conversationId, afterSeq);
          }
        },
        // The next event or reconnection tries again.
        error: () => {
          this.syncing.delete(conversationId);
          this.stale.delete(conversationId);
        },
      }),
    );
  }

  /**
   * A window around an older message reached the newest one: from now on events merge. Those
   * that arrived meanwhile were left out: fetched if the conversation has more than loaded.
   */
  private joinedNewest(conversationId: string): void {
    const last = this.thread(conversationId).messages.at(-1)?.seq ?? 0;
    const newest = this.conversations.get(conversationId)?.lastSeq ?? 0;
    if (this.stale.delete(conversationId) || newest > last) this.catchUp(conversationId);
    else this.fillGap(conversationId);
  }

  /**
   * Drops the loaded messages and the fetches filling them, for another window. `detached`: the
   * next one may not reach the newest message.
   */
  private replaceWindow(conversationId: string, detached: boolean): void {
    this.heldUpdates.delete(conversationId);
    this.windowRequests.get(conversationId)?.unsubscribe();
    this.windowRequests.delete(conversationId);
    this.syncing.delete(conversationId);
    this.stale.delete(conversationId);
    this.patch(conversationId, () => ({ ...EMPTY_THREAD, status: 'loading', hasNewer: detached }));
  }

  /** A fetch for the conversation's window: cancelled with it (and by `reset`). */
  private windowRequest(conversationId: string, subscription: Subscription): void {
    let requests = this.windowRequests.get(conversationId);
    if (!requests) {
      requests = new Subscription();
      this.windowRequests.set(conversationId, requests);
      this.requests.add(requests);
    }
    requests.add(subscription);
  }

  private hold(message: MessageDto): void {
    let held = this.heldUpdates.get(message.conversationId);
    if (!held) this.heldUpdates.set(message.conversationId, (held = new Map<string, MessageDto>()));
    held.set(message.id, message);
  }

  /**
   * The updates held while the page loaded, on top of it (the page is ready now: an update of a
   * message it did not bring is dropped by `applyUpdated`, as for any loaded conversation).
   */
  private applyHeld(conversationId: string): void {
    const held = this.heldUpdates.get(conversationId);
    this.heldUpdates.delete(conversationId);
    for (const message of held?.values() ?? []) this.applyUpdated(message);
  }

  private merge(conversationId: string, incoming: readonly MessageDto[]): void {
    if (incoming.length === 0) return;
    this.patch(conversationId, (t) => ({ ...t, messages: mergeMessages(t.messages, incoming) }));
  }

  private has(message: Pick<MessageDto, 'id' | 'conversationId'>): boolean {
    return this.thread(message.conversationId).messages.some((m) => m.id === message.id);
  }

  private replaceMessage(
    conversationId: string,
    messageId: string,
    change: (message: MessageDto) => MessageDto,
  ): void {
    const { messages } = this.thread(conversationId);
    const index = messages.findIndex((m) => m.id === messageId);
    if (index < 0) return;
    const changed = change(messages[index]);
    if (changed === messages[index]) return;
    const next = [...messages];
    next[index] = changed;
    this.patch(conversationId, (t) => ({ ...t, messages: next }));
  }

  private patch(conversationId: string, change: (thread: LoadedThread) => LoadedThread): void {
    this.threads.update((threads) =>
      new Map(threads).set(conversationId, change(threads.get(conversationId) ?? EMPTY_THREAD)),
    );
  }
}

/**
 * Merges messages by seq, ascending, each seq once. Seen twice, a message keeps its latest
 * state (see `newerMessage`).
 */
export function mergeMessages(
  current: readonly MessageDto[],
  incoming: readonly MessageDto[],
): MessageDto[] {
  const last = current.at(-1);
  // The common case, a new message at the end, without sorting.
  if (incoming.length === 1 && (!last || incoming[0].seq > last.seq)) {
    return [...current, incoming[0]];
  }
  const bySeq = new Map(current.map((m) => [m.seq, m]));
  for (const message of incoming) {
    const known = bySeq.get(message.seq);
    bySeq.set(message.seq, known ? newerMessage(known, message) : message);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** The seq after which messages are missing, or null when the loaded ones are contiguous. */
export function findGap(messages: readonly MessageDto[]): number | null {
  for (let i = 1; i < messages.length; i++) {
    if (messages[i].seq > messages[i - 1].seq + 1) return messages[i - 1].seq;
  }
  return null;
}
