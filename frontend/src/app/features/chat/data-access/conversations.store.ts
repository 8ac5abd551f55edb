import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { finalize, forkJoin, map, Observable, of, share, Subject, Subscription, tap } from 'rxjs';

import { ConversationsService, UsersService } from '../../../core/api';
import {
  ConversationPageDto,
  ConversationSummaryDto,
  DeliveredReceiptDto,
  MessageDeletedEventDto,
  MessageDto,
  ReadReceiptDto,
  UnreadStateDto,
  UserDto,
} from '../../../core/api/model';
import { SessionStore } from '../../../core/auth/session.store';
import { RealtimeService } from '../../../core/realtime/realtime.service';
import { withMembersAdded, withSystemEvent, withUser } from '../groups/data-access/system-events';
import { mentionsMe } from '../mentions/mentions';
import { describeLoadError } from './chat-errors';
import { isThreadOnly } from './conversation-view';
import { newerMessage } from './message-versions';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** A conversation gone from the list: someone removed the user, or the user left. */
export interface Removal {
  readonly conversation: ConversationSummaryDto;
  readonly reason: 'removed' | 'left';
}

const CONVERSATION_PAGE_SIZE = 30;
/** Read markers are sent at most this often per conversation; the badge clears at once. */
export const READ_SEND_DELAY_MS = 500;

/** The signed-in user's conversations, newest activity first, kept current by socket events. */
@Injectable({ providedIn: 'root' })
export class ConversationsStore {
  private readonly api = inject(ConversationsService);
  private readonly users = inject(UsersService);
  private readonly realtime = inject(RealtimeService);
  private readonly session = inject(SessionStore);

  private readonly byId = signal<ReadonlyMap<string, ConversationSummaryDto>>(new Map());
  private readonly _status = signal<LoadStatus>('idle');
  private readonly _error = signal<string | null>(null);
  private readonly nextCursor = signal<string | null>(null);
  private readonly _loadingMore = signal(false);
  private readonly _loadMoreError = signal<string | null>(null);
  /** People who left a group or were removed: their names still show in its history. */
  private readonly departed = signal<ReadonlyMap<string, UserDto>>(new Map());
  private readonly removals = new Subject<Removal>();
  /** Conversations the user is leaving: their removal is not news to tell. */
  private readonly leaving = new Set<string>();

  private firstPage: Subscription | null = null;
  private requests = new Subscription();
  /** Conversations fetched one by one (deep link, event for one not loaded yet). */
  private readonly fetching = new Map<string, Observable<ConversationSummaryDto>>();
  private readonly readTargets = new Map<string, number>();
  private readonly readTimers = new Map<string, ReturnType<typeof setTimeout>>();

  readonly conversations = computed(() => [...this.byId().values()].sort(byLastActivity));
  readonly status = this._status.asReadonly();
  readonly error = this._error.asReadonly();
  readonly loadingMore = this._loadingMore.asReadonly();
  readonly loadMoreError = this._loadMoreError.asReadonly();
  readonly hasMore = computed(() => this.nextCursor() !== null);
  readonly totalUnread = computed(() =>
    this.conversations().reduce((sum, c) => sum + c.unreadCount, 0),
  );
  /** Conversations the user was removed from, or left. */
  readonly removed$ = this.removals.asObservable();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.reset());
  }

  /** Reactive: reads the store's signal. */
  get(id: string): ConversationSummaryDto | undefined {
    return this.byId().get(id);
  }

  /** The first page, once; `refresh()` loads it again. */
  load(): void {
    if (this._status() === 'idle' || this._status() === 'error') this.refresh();
  }

  /**
   * Loads the first page again and merges it: after a reconnection, what changed meanwhile
   * (new conversations, new last messages, removals) shows without losing the pages loaded.
   */
  refresh(): void {
    this.firstPage?.unsubscribe();
    const firstLoad = this._status() !== 'ready';
    if (firstLoad) this._status.set('loading');
    this._error.set(null);
    this.firstPage = this.api.listConversations({ limit: CONVERSATION_PAGE_SIZE }).subscribe({
      next: (page) => {
        this.byId.update((current) => mergeFirstPage(current, page));
        // Pages loaded beyond the first stay loaded: keep the cursor that follows them.
        if (firstLoad || page.nextCursor === null || this.nextCursor() === null) {
          this.nextCursor.set(page.nextCursor);
        }
        this._status.set('ready');
      },
      error: (error: unknown) => {
        // A failed background refresh keeps what is shown; the next reconnection tries again.
        if (firstLoad) {
          this._error.set(describeLoadError('your conversations', error));
          this._status.set('error');
        }
      },
    });
    this.requests.add(this.firstPage);
  }

  loadMore(): void {
    const cursor = this.nextCursor();
    if (cursor === null || this._loadingMore() || this._status() !== 'ready') return;
    this._loadingMore.set(true);
    this._loadMoreError.set(null);
    this.requests.add(
      this.api.listConversations({ limit: CONVERSATION_PAGE_SIZE, cursor }).subscribe({
        next: (page) => {
          for (const summary of page.items) this.upsert(summary);
          this.nextCursor.set(page.nextCursor);
          this._loadingMore.set(false);
        },
        error: (error: unknown) => {
          this._loadMoreError.set(describeLoadError('more conversations', error));
          this._loadingMore.set(false);
        },
      }),
    );
  }

  /** The conversation, from the store or else fetched (a deep link to one not loaded yet). */
  ensure(id: string): Observable<ConversationSummaryDto> {
    const known = this.get(id);
    if (known) return of(known);
    let request = this.fetching.get(id);
    if (!request) {
      request = this.api.getConversation(id).pipe(
        tap({
          next: (summary) => this.upsert(summary),
          finalize: () => this.fetching.delete(id),
        }),
        map((summary) => this.get(summary.id) ?? summary),
        share(),
      );
      this.fetching.set(id, request);
    }
    return request;
  }

  /** Opens the direct conversation with someone, creating it on the first time. */
  openDirect(userId: string): Observable<ConversationSummaryDto> {
    return this.api
      .createConversation({ type: 'direct', userId })
      .pipe(tap((summary) => this.upsert(summary)));
  }

  /** A summary from the server (`conversation:updated`, a page, a fetch), merged with ours. */
  upsert(summary: ConversationSummaryDto): void {
    const previous = this.get(summary.id);
    if (previous) this.rememberDeparted(previous, summary);
    this.byId.update((current) => withSummary(current, summary));
  }

  remove(id: string): void {
    const conversation = this.byId().get(id);
    if (!conversation) return;
    this.byId.update((current) => {
      const next = new Map(current);
      next.delete(id);
      return next;
    });
    clearTimeout(this.readTimers.get(id));
    this.readTimers.delete(id);
    this.readTargets.delete(id);
    this.removals.next({ conversation, reason: this.leaving.has(id) ? 'left' : 'removed' });
  }

  /** Leaves a group; it goes from the list once the server agrees. */
  leave(id: string): Observable<void> {
    this.leaving.add(id);
    return this.api.removeMember(id, this.myId()).pipe(
      tap(() => this.remove(id)),
      finalize(() => this.leaving.delete(id)),
    );
  }

  /** Deletes a group the user owns; like leaving, its removal is not news to tell. */
  deleteGroup(id: string): Observable<void> {
    this.leaving.add(id);
    return this.api.deleteConversation(id).pipe(
      tap(() => this.remove(id)),
      finalize(() => this.leaving.delete(id)),
    );
  }

  /** Members the server removed (the answer to a removal carries no summary). */
  dropMembers(id: string, userIds: readonly string[]): void {
    const current = this.get(id);
    if (!current) return;
    this.replace({
      ...current,
      members: current.members.filter((member) => !userIds.includes(member.user.id)),
    });
  }

  /** Someone's new name or avatar (`user:updated`), wherever they show in the list. */
  applyUser(user: UserDto): void {
    this.byId.update((current) => {
      let next: Map<string, ConversationSummaryDto> | null = null;
      for (const [id, summary] of current) {
        const updated = withUser(summary, user);
        if (updated !== summary) (next ??= new Map(current)).set(id, updated);
      }
      return next ?? current;
    });
    if (this.departed().has(user.id))
      this.departed.update((known) => new Map(known).set(user.id, user));
  }

  applyMessage(message: MessageDto): void {
    const current = this.get(message.conversationId);
    if (!current) {
      // A conversation not loaded yet (an older page, or one we were just added to).
      this.requests.add(this.ensure(message.conversationId).subscribe({ error: () => undefined }));
      return;
    }
    const next = withMessage(current, message, this.myId());
    // A group change not in the summary yet (one the summary covers is in its members already).
    if (message.system && message.seq > current.lastSeq) {
      const { summary, missing } = withSystemEvent(next, message, (id) => this.knownUser(id));
      this.replace(summary);
      if (missing.length > 0) this.addFetchedMembers(current.id, missing, message.seq - 1);
    } else {
      this.replace(next);
    }
  }

  applyMessageUpdated(message: MessageDto): void {
    const current = this.get(message.conversationId);
    if (current?.lastMessage?.id === message.id) this.replace({ ...current, lastMessage: message });
  }

  applyMessageDeleted(event: MessageDeletedEventDto): void {
    const current = this.get(event.conversationId);
    const last = current?.lastMessage;
    if (current && last?.id === event.id && last.deletedAt === null) {
      this.replace({
        ...current,
        lastMessage: { ...last, body: null, deletedAt: new Date().toISOString() },
      });
    }
  }

  /** A read receipt: someone's marker moved (the user's own too, from another tab). */
  applyRead(receipt: ReadReceiptDto): void {
    const current = this.get(receipt.conversationId);
    if (current) this.replace(withReadMarker(current, receipt.userId, receipt.seq, this.myId()));
  }

  /** Another member's devices received the conversation up to `seq` (delivered ticks). */
  applyDelivered(receipt: DeliveredReceiptDto): void {
    const current = this.get(receipt.conversationId);
    if (!current) return;
    this.replace({
      ...current,
      members: current.members.map((member) =>
        member.user.id === receipt.userId && member.lastDeliveredSeq < receipt.seq
          ? { ...member, lastDeliveredSeq: receipt.seq }
          : member,
      ),
    });
  }

  /**
   * The user has seen the conversation up to `seq`: the unread count drops now, the server hears
   * about it shortly after (one call for a burst of messages).
   */
  markRead(id: string, seq: number): void {
    const current = this.get(id);
    if (!current || seq <= current.lastReadSeq) return;
    this.replace(withReadMarker(current, this.myId(), seq, this.myId()));
    this.readTargets.set(id, Math.max(seq, this.readTargets.get(id) ?? 0));
    if (!this.readTimers.has(id)) {
      this.readTimers.set(
        id,
        setTimeout(() => this.sendReadMarker(id), READ_SEND_DELAY_MS),
      );
    }
  }

  /**
   * Makes `seq` and everything after it unread. A read marker still waiting to be sent is
   * dropped first: it would move the marker forward again.
   */
  markUnread(id: string, seq: number): Observable<UnreadStateDto> {
    this.dropPendingRead(id);
    return this.api.markUnread(id, { seq }).pipe(tap((state) => this.applyUnread(state)));
  }

  /** Marked unread, here or on another device (`conversation:unread`): the badge follows. */
  applyUnread(state: UnreadStateDto): void {
    const current = this.get(state.conversationId);
    if (!current) return;
    this.dropPendingRead(state.conversationId);
    const myId = this.myId();
    this.replace({
      ...current,
      lastReadSeq: state.lastReadSeq,
      unreadCount: state.unreadCount,
      mentionCount: state.mentionCount,
      members: current.members.map((member) =>
        member.user.id === myId ? { ...member, lastReadSeq: state.lastReadSeq } : member,
      ),
    });
  }

  private dropPendingRead(id: string): void {
    clearTimeout(this.readTimers.get(id));
    this.readTimers.delete(id);
    this.readTargets.delete(id);
  }

  /** Forgets everything: another user signed in. */
  reset(): void {
    this.requests.unsubscribe();
    this.requests = new Subscription();
    this.firstPage = null;
    this.fetching.clear();
    for (const timer of this.readTimers.values()) clearTimeout(timer);
    this.readTimers.clear();
    this.readTargets.clear();
    this.byId.set(new Map());
    this.departed.set(new Map());
    this._status.set('idle');
    this._error.set(null);
    this.nextCursor.set(null);
    this._loadingMore.set(false);
    this._loadMoreError.set(null);
  }

  private sendReadMarker(id: string): void {
    this.readTimers.delete(id);
    const seq = this.readTargets.get(id);
    this.readTargets.delete(id);
    if (seq === undefined) return;
    const request: Observable<unknown> = this.realtime.connected()
      ? this.realtime.emit('conversation:read', { conversationId: id, seq })
      : this.api.markRead(id, { seq });
    // Best effort: the marker only moves forward, and the next one carries this one along.
    this.requests.add(request.subscribe({ error: () => undefined }));
  }

  /** Reactive: someone from a loaded conversation, now or formerly a member. */
  knownUser(id: string): UserDto | undefined {
    for (const summary of this.byId().values()) {
      const member = summary.members.find((m) => m.user.id === id);
      if (member) return member.user;
    }
    return this.departed().get(id);
  }

  /** People added to a group whom the user has never met: their profiles, then the members. */
  private addFetchedMembers(id: string, userIds: readonly string[], lastReadSeq: number): void {
    this.requests.add(
      forkJoin(userIds.map((userId) => this.users.getUser(userId))).subscribe({
        next: (users) => {
          const current = this.get(id);
          if (current) this.replace(withMembersAdded(current, users, lastReadSeq));
        },
        // Best effort: the next summary from the server (a refresh) lists them anyway.
        error: () => undefined,
      }),
    );
  }

  private replace(summary: ConversationSummaryDto): void {
    const previous = this.get(summary.id);
    if (previous) this.rememberDeparted(previous, summary);
    this.byId.update((current) => new Map(current).set(summary.id, summary));
  }

  private rememberDeparted(before: ConversationSummaryDto, after: ConversationSummaryDto): void {
    const stayed = new Set(after.members.map((member) => member.user.id));
    const gone = before.members.filter((member) => !stayed.has(member.user.id));
    if (gone.length === 0) return;
    this.departed.update((known) => {
      const next = new Map(known);
      for (const { user } of gone) next.set(user.id, user);
      return next;
    });
  }

  private myId(): string {
    return this.session.user()?.id ?? '';
  }
}

function byLastActivity(a: ConversationSummaryDto, b: ConversationSummaryDto): number {
  return Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || a.id.localeCompare(b.id);
}

function later(a: string, b: string): string {
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/**
 * The server's summary, except that what only moves forward does not move back because of an
 * answer that left the server before our latest events: read markers, the last message.
 */
export function mergeSummary(
  local: ConversationSummaryDto | undefined,
  incoming: ConversationSummaryDto,
): ConversationSummaryDto {
  if (!local) return incoming;
  const lastSeq = Math.max(local.lastSeq, incoming.lastSeq);
  const lastReadSeq = Math.max(local.lastReadSeq, incoming.lastReadSeq);
  const localMarkers = new Map(local.members.map((m) => [m.user.id, m]));
  const localSeq = local.lastMessage?.seq ?? 0;
  const incomingSeq = incoming.lastMessage?.seq ?? 0;
  const lastMessage =
    localSeq > incomingSeq
      ? local.lastMessage
      : local.lastMessage && incoming.lastMessage && localSeq === incomingSeq
        ? newerMessage(local.lastMessage, incoming.lastMessage)
        : incoming.lastMessage;
  return {
    ...incoming,
    lastSeq,
    lastReadSeq,
    unreadCount: Math.max(0, lastSeq - lastReadSeq),
    // Read here before the server heard of it: nothing unread mentions anyone.
    mentionCount: lastSeq > lastReadSeq ? incoming.mentionCount : 0,
    lastMessage,
    updatedAt: later(local.updatedAt, incoming.updatedAt),
    members: incoming.members.map((member) => {
      const known = localMarkers.get(member.user.id);
      return {
        ...member,
        lastReadSeq: Math.max(member.lastReadSeq, known?.lastReadSeq ?? 0),
        lastDeliveredSeq: Math.max(member.lastDeliveredSeq, known?.lastDeliveredSeq ?? 0),
      };
    }),
  };
}

function withSummary(
  current: ReadonlyMap<string, ConversationSummaryDto>,
  summary: ConversationSummaryDto,
): ReadonlyMap<string, ConversationSummaryDto> {
  return new Map(current).set(summary.id, mergeSummary(current.get(summary.id), summary));
}

/**
 * Merges the first page into what is loaded. The page is the truth for the span it covers:
 * a loaded conversation as recent as the page's oldest one but missing from it is gone. Older
 * ones stay (they belong to later pages), unless the page says there are no later pages.
 */
export function mergeFirstPage(
  current: ReadonlyMap<string, ConversationSummaryDto>,
  page: ConversationPageDto,
): ReadonlyMap<string, ConversationSummaryDto> {
  const next = new Map<string, ConversationSummaryDto>();
  if (page.nextCursor !== null && page.items.length > 0) {
    const oldest = Math.min(...page.items.map((c) => Date.parse(c.updatedAt)));
    for (const [id, summary] of current) {
      if (Date.parse(summary.updatedAt) < oldest) next.set(id, summary);
    }
  }
  for (const summary of page.items)
    next.set(summary.id, mergeSummary(current.get(summary.id), summary));
  return next;
}

/** A new (or our own confirmed) message: last message, activity time, counts, the sender's marker. */
export function withMessage(
  summary: ConversationSummaryDto,
  message: MessageDto,
  myId: string,
): ConversationSummaryDto {
  // It takes a seq of the conversation, but neither its preview nor its unread count.
  if (isThreadOnly(message)) return { ...summary, lastSeq: Math.max(summary.lastSeq, message.seq) };
  const isLatest = message.seq >= (summary.lastMessage?.seq ?? 0);
  const lastSeq = Math.max(summary.lastSeq, message.seq);
  // Counted once: a message the summary already covers (catch-up, our own echo) is not news.
  const mentionCount =
    message.seq > summary.lastSeq && mentionsMe(message, myId)
      ? summary.mentionCount + 1
      : summary.mentionCount;
  // Sending marks the sender's own message read on the server.
  const updated = withReadMarker(
    { ...summary, lastSeq, unreadCount: Math.max(0, lastSeq - summary.lastReadSeq), mentionCount },
    message.sender.id,
    message.seq,
    myId,
  );
  return {
    ...updated,
    lastMessage: isLatest ? message : summary.lastMessage,
    updatedAt: later(summary.updatedAt, message.createdAt),
  };
}

export function withReadMarker(
  summary: ConversationSummaryDto,
  userId: string,
  seq: number,
  myId: string,
): ConversationSummaryDto {
  const lastReadSeq = userId === myId ? Math.max(summary.lastReadSeq, seq) : summary.lastReadSeq;
  return {
    ...summary,
    lastReadSeq,
    unreadCount: Math.max(0, summary.lastSeq - lastReadSeq),
    // All read: no mention is left unread (a partial read keeps the server's count).
    mentionCount: lastReadSeq >= summary.lastSeq ? 0 : summary.mentionCount,
    members: summary.members.map((member) =>
      member.user.id === userId && member.lastReadSeq < seq
        ? { ...member, lastReadSeq: seq }
        : member,
    ),
  };
}
