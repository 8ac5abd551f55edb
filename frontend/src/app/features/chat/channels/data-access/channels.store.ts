import { computed, inject, Injectable, signal } from '@angular/core';
import { Observable, Subscription, tap } from 'rxjs';

import { ChannelsService, ConversationsService } from '../../../../core/api';
import { ChannelDto, ConversationSummaryDto } from '../../../../core/api/model';
import { SessionStore } from '../../../../core/auth/session.store';
import { readApiProblem } from '../../../../core/http/api-problem';
import { describeLoadError } from '../../data-access/chat-errors';
import { ConversationsStore, LoadStatus } from '../../data-access/conversations.store';

export const CHANNEL_PAGE_SIZE = 30;
export const MAX_CHANNEL_TITLE = 100;
export const MAX_CHANNEL_TOPIC = 250;

/**
 * The channel browser's state: the workspace's channels matching a search, page by page, and
 * joining or creating one (the new summary goes into the conversations store at once).
 */
@Injectable({ providedIn: 'root' })
export class ChannelsStore {
  private readonly api = inject(ChannelsService);
  private readonly conversationsApi = inject(ConversationsService);
  private readonly conversations = inject(ConversationsStore);
  private readonly session = inject(SessionStore);

  private readonly _query = signal('');
  private readonly _items = signal<readonly ChannelDto[]>([]);
  private readonly _status = signal<LoadStatus>('idle');
  private readonly _error = signal<string | null>(null);
  private readonly nextCursor = signal<string | null>(null);
  private readonly _loadingMore = signal(false);
  private readonly _loadMoreError = signal<string | null>(null);
  private readonly _joining = signal<ReadonlySet<string>>(new Set());
  /** The server refused this member a new channel (the workspace setting is off). */
  private readonly createRefused = signal(false);
  private request: Subscription | null = null;

  readonly query = this._query.asReadonly();
  readonly items = this._items.asReadonly();
  readonly status = this._status.asReadonly();
  readonly error = this._error.asReadonly();
  readonly loadingMore = this._loadingMore.asReadonly();
  readonly loadMoreError = this._loadMoreError.asReadonly();
  readonly joining = this._joining.asReadonly();
  readonly hasMore = computed(() => this.nextCursor() !== null);
  /**
   * Admins always may; members while the server has not refused them. Members cannot read the
   * workspace setting, so the first refusal hides the button for the rest of the session.
   */
  readonly canCreate = computed(() => {
    const user = this.session.user();
    if (!user || user.serverRole === 'guest') return false;
    return user.serverRole === 'admin' || !this.createRefused();
  });

  /** Searches again (a newer search replaces one still waiting for its answer). */
  search(query: string): void {
    this._query.set(query);
    this.request?.unsubscribe();
    this._status.set('loading');
    this._error.set(null);
    this._loadMoreError.set(null);
    const trimmed = query.trim();
    this.request = this.api
      .listChannels({ limit: CHANNEL_PAGE_SIZE, ...(trimmed ? { query: trimmed } : {}) })
      .subscribe({
        next: (page) => {
          this._items.set(page.items);
          this.nextCursor.set(page.nextCursor);
          this._status.set('ready');
        },
        error: (error: unknown) => {
          this._error.set(describeLoadError('the channels', error));
          this._status.set('error');
        },
      });
  }

  /** Loads the current search again, after an error. */
  retry(): void {
    this.search(this._query());
  }

  loadMore(): void {
    const cursor = this.nextCursor();
    if (cursor === null || this._loadingMore() || this._status() !== 'ready') return;
    this._loadingMore.set(true);
    this._loadMoreError.set(null);
    const trimmed = this._query().trim();
    this.api
      .listChannels({ limit: CHANNEL_PAGE_SIZE, cursor, ...(trimmed ? { query: trimmed } : {}) })
      .subscribe({
        next: (page) => {
          const known = new Set(this._items().map((channel) => channel.id));
          this._items.update((items) => [
            ...items,
            ...page.items.filter((channel) => !known.has(channel.id)),
          ]);
          this.nextCursor.set(page.nextCursor);
          this._loadingMore.set(false);
        },
        error: (error: unknown) => {
          this._loadMoreError.set(describeLoadError('more channels', error));
          this._loadingMore.set(false);
        },
      });
  }

  /** Joins; the channel shows as joined with one more member, and lands in the list. */
  join(id: string): Observable<ConversationSummaryDto> {
    this._joining.update((ids) => new Set([...ids, id]));
    const done = () =>
      this._joining.update((ids) => new Set([...ids].filter((joining) => joining !== id)));
    return this.conversationsApi.joinChannel(id).pipe(
      tap({
        next: (summary) => {
          this.conversations.upsert(summary);
          this._items.update((items) =>
            items.map((channel) =>
              channel.id === id
                ? { ...channel, joined: true, memberCount: summary.members.length }
                : channel,
            ),
          );
          done();
        },
        error: () => done(),
      }),
    );
  }

  create(title: string, topic: string): Observable<ConversationSummaryDto> {
    return this.conversationsApi
      .createConversation({ type: 'channel', title, ...(topic ? { topic } : {}) })
      .pipe(
        tap({
          next: (summary) => {
            this.conversations.upsert(summary);
            this._items.update((items) => [channelOf(summary), ...items]);
          },
          error: (error: unknown) => {
            if (readApiProblem(error).status === 403) this.createRefused.set(true);
          },
        }),
      );
  }
}

function channelOf(summary: ConversationSummaryDto): ChannelDto {
  return {
    id: summary.id,
    title: summary.title ?? '',
    topic: summary.topic,
    memberCount: summary.members.length,
    joined: true,
    archived: summary.archived,
  };
}
