import { computed, DestroyRef, inject, Injectable, linkedSignal, signal } from '@angular/core';
import { debounce, distinctUntilChanged, map, Subject, Subscription, timer } from 'rxjs';

import { SearchService, UsersService } from '../../../../core/api';
import {
  ConversationSummaryDto,
  MessageDto,
  MessageSearchPageDto,
  UserDto,
} from '../../../../core/api/model';
import { SessionStore } from '../../../../core/auth/session.store';
import { readApiProblem } from '../../../../core/http/api-problem';
import { AvatarUser } from '../../../../shared/ui/avatar/avatar';
import { describeLoadError } from '../../data-access/chat-errors';
import {
  conversationAvatar,
  conversationTitle,
  otherMembers,
} from '../../data-access/conversation-view';
import { ConversationsStore } from '../../data-access/conversations.store';
import { systemText } from '../../groups/data-access/system-text';
import { SnippetPart, withoutFences } from '../snippet/snippet';

export const SEARCH_DEBOUNCE_MS = 300;
/** The server's limit on a query. */
export const MAX_QUERY_LENGTH = 200;
export const MESSAGE_PAGE_SIZE = 20;
const PEOPLE_LIMIT = 5;
const CONVERSATION_LIMIT = 5;
/** The user search takes a prefix of at most this many characters. */
const PEOPLE_QUERY_MAX = 64;

/** A message found, with its excerpt. */
export interface MessageHit {
  readonly message: MessageDto;
  readonly parts: readonly SnippetPart[];
}

/** The messages found in one conversation, newest first. */
export interface HitGroup {
  readonly conversationId: string;
  readonly title: string;
  readonly hits: readonly MessageHit[];
}

/** A conversation of the user's whose title or members match. */
export interface ConversationMatch {
  readonly conversation: ConversationSummaryDto;
  readonly title: string;
  readonly avatar: AvatarUser;
  /** The other person of a direct chat. */
  readonly otherId: string | null;
  /** For a group, its members' names. */
  readonly detail: string | null;
}

/** One choice in the results, in the order the arrow keys go through them. */
export type SearchOption =
  | { readonly kind: 'conversation'; readonly key: string; readonly match: ConversationMatch }
  | { readonly kind: 'person'; readonly key: string; readonly user: UserDto }
  | { readonly kind: 'message'; readonly key: string; readonly hit: MessageHit }
  | { readonly kind: 'more'; readonly key: string };

export interface MessageResults {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  /** The query these results (or this error) are for. */
  readonly term: string;
  /** Newest first; kept on screen while the next query runs. */
  readonly items: readonly MessageDto[];
  readonly highlights: ReadonlyMap<string, readonly SnippetPart[]>;
  readonly nextCursor: string | null;
  readonly error: string | null;
  readonly loadingMore: boolean;
  readonly moreError: string | null;
}

const IDLE: MessageResults = {
  status: 'idle',
  term: '',
  items: [],
  highlights: new Map(),
  nextCursor: null,
  error: null,
  loadingMore: false,
  moreError: null,
};

/**
 * The search behind Ctrl+K: messages (server side, paged), conversations (the ones loaded, by
 * title and members' names) and people, as the query is typed. Provided by the search view.
 */
@Injectable()
export class MessageSearch {
  private readonly api = inject(SearchService);
  private readonly users = inject(UsersService);
  private readonly conversationsStore = inject(ConversationsStore);
  private readonly session = inject(SessionStore);

  private readonly queries = new Subject<string>();
  private readonly _query = signal('');
  private readonly _term = signal('');
  private readonly _messages = signal<MessageResults>(IDLE);
  private readonly _people = signal<readonly UserDto[]>([]);
  private readonly _peopleLoading = signal(false);
  /** The current query's requests: replaced by the next query's. */
  private requests = new Subscription();

  /** What is typed. */
  readonly query = this._query.asReadonly();
  /** What was searched for: the query once typing pauses, trimmed. */
  readonly term = this._term.asReadonly();
  readonly messages = this._messages.asReadonly();
  /** What is typed has moved on from what the results are for: new ones are on their way. */
  readonly stale = computed(() => this._query().trim() !== this._term());
  readonly loading = computed(
    () => this.stale() || this._messages().status === 'loading' || this._peopleLoading(),
  );

  private readonly myId = computed(() => this.session.user()?.id ?? '');

  /**
   * Set: the search covers that conversation's messages only (the in-chat search), with no
   * conversations or people.
   */
  private readonly scope = signal<string | null>(null);

  /** Matched as typed, from what is loaded: no need to wait. */
  readonly conversations = computed<readonly ConversationMatch[]>(() => {
    const words = searchWords(this._query());
    if (words.length === 0 || this.scope() !== null) return [];
    const myId = this.myId();
    const matches: ConversationMatch[] = [];
    for (const conversation of this.conversationsStore.conversations()) {
      const others = otherMembers(conversation, myId);
      const title = conversationTitle(conversation, myId);
      const names = others.flatMap((m) => [m.user.displayName, m.user.username]);
      const haystack = fold([title, ...names].join(' '));
      if (!words.every((word) => haystack.includes(word))) continue;
      matches.push({
        conversation,
        title,
        avatar: conversationAvatar(conversation, myId),
        otherId: conversation.type === 'direct' ? (others[0]?.user.id ?? null) : null,
        detail:
          conversation.type === 'group' ? others.map((m) => m.user.displayName).join(', ') : null,
      });
      if (matches.length === CONVERSATION_LIMIT) break;
    }
    return matches;
  });

  /** People found, but not those whose direct chat is listed under Conversations already. */
  readonly people = computed<readonly UserDto[]>(() => {
    const listed = new Set(this.conversations().map((c) => c.otherId));
    return this._people().filter((user) => !listed.has(user.id));
  });

  /** The messages found, by conversation, in the order of each one's newest hit. */
  readonly groups = computed<readonly HitGroup[]>(() => {
    const { items, highlights } = this._messages();
    const myId = this.myId();
    const groups = new Map<string, { conversationId: string; title: string; hits: MessageHit[] }>();
    const nameOf = (id: string) => this.conversationsStore.knownUser(id)?.displayName;
    for (const message of items) {
      let group = groups.get(message.conversationId);
      if (!group) {
        const conversation = this.conversationsStore.get(message.conversationId);
        group = {
          conversationId: message.conversationId,
          title: conversation ? conversationTitle(conversation, myId) : 'Conversation',
          hits: [],
        };
        groups.set(message.conversationId, group);
      }
      // A group change reads as it does in the chat, in the reader's terms.
      const parts =
        message.kind === 'system'
          ? [{ text: systemText(message, nameOf, myId), match: false }]
          : withoutFences(
              highlights.get(message.id) ?? [{ text: message.body ?? '', match: false }],
            );
      group.hits.push({ message, parts });
    }
    return [...groups.values()];
  });

  readonly hasMore = computed(() => this._messages().nextCursor !== null);

  /** Everything that can be chosen, in order: conversations, people, messages, "Load more". */
  readonly options = computed<readonly SearchOption[]>(() => [
    ...this.conversations().map((match): SearchOption => ({
      kind: 'conversation',
      key: `c:${match.conversation.id}`,
      match,
    })),
    ...this.people().map((user): SearchOption => ({ kind: 'person', key: `p:${user.id}`, user })),
    ...this.groups().flatMap((group) =>
      group.hits.map((hit): SearchOption => ({ kind: 'message', key: `m:${hit.message.id}`, hit })),
    ),
    ...(this.hasMore() ? [{ kind: 'more', key: 'more' } as const] : []),
  ]);

  /**
   * The option the arrow keys are on: the first one as results change, unless the one it was on
   * is still there (more results were loaded below it).
   */
  readonly activeKey = linkedSignal<readonly SearchOption[], string | null>({
    source: this.options,
    computation: (options, previous) => {
      const kept = previous?.value;
      if (kept && options.some((o) => o.key === kept)) return kept;
      return options[0]?.key ?? null;
    },
  });
  readonly active = computed(() => this.options().find((o) => o.key === this.activeKey()) ?? null);

  constructor() {
    const terms = this.queries
      .pipe(
        map((query) => query.trim()),
        // Emptied: at once. Typed: once typing pauses.
        debounce((term) => timer(term ? SEARCH_DEBOUNCE_MS : 0)),
        distinctUntilChanged(),
      )
      .subscribe((term) => this.search(term));
    inject(DestroyRef).onDestroy(() => {
      terms.unsubscribe();
      this.requests.unsubscribe();
    });
  }

  /** Limits the search to one conversation (before the first query). */
  setScope(conversationId: string | null): void {
    this.scope.set(conversationId);
  }

  setQuery(query: string): void {
    const limited = query.slice(0, MAX_QUERY_LENGTH);
    this._query.set(limited);
    this.queries.next(limited);
  }

  /** The same query again (after an error). */
  retry(): void {
    this.search(this._term());
  }

  /** Moves the active option by `step`, wrapping around. */
  move(step: number): void {
    const options = this.options();
    if (options.length === 0) return;
    const index = options.findIndex((o) => o.key === this.activeKey());
    const next = (index + step + options.length) % options.length;
    this.activeKey.set(options[index < 0 ? 0 : next].key);
  }

  /** The next page of messages. */
  loadMore(): void {
    const results = this._messages();
    const cursor = results.nextCursor;
    if (results.status !== 'ready' || cursor === null || results.loadingMore) return;
    this._messages.set({ ...results, loadingMore: true, moreError: null });
    const term = results.term;
    this.requests.add(
      this.api
        .searchMessages({ ...this.scoped(), q: term, limit: MESSAGE_PAGE_SIZE, cursor })
        .subscribe({
          next: (page) =>
            this._messages.update((current) => {
              if (current.term !== term) return current;
              const known = new Set(current.items.map((m) => m.id));
              return {
                ...current,
                items: [...current.items, ...page.items.filter((m) => !known.has(m.id))],
                highlights: withHighlights(current.highlights, page),
                nextCursor: page.nextCursor,
                loadingMore: false,
              };
            }),
          error: (error: unknown) =>
            this._messages.update((current) => ({
              ...current,
              loadingMore: false,
              moreError: describeLoadError('more messages', error),
            })),
        }),
    );
    this.fetchUnknownConversations();
  }

  private search(term: string): void {
    this.requests.unsubscribe();
    this.requests = new Subscription();
    this._term.set(term);
    if (!term) {
      this._messages.set(IDLE);
      this._people.set([]);
      this._peopleLoading.set(false);
      return;
    }
    // The previous results stay until these come.
    this._messages.update((current) => ({
      ...current,
      status: 'loading',
      term,
      error: null,
      loadingMore: false,
      moreError: null,
    }));
    this.requests.add(
      this.api.searchMessages({ ...this.scoped(), q: term, limit: MESSAGE_PAGE_SIZE }).subscribe({
        next: (page) => {
          this._messages.set({
            ...IDLE,
            status: 'ready',
            term,
            items: page.items,
            highlights: withHighlights(new Map(), page),
            nextCursor: page.nextCursor,
          });
          this.fetchUnknownConversations();
        },
        error: (error: unknown) =>
          this._messages.set(
            readApiProblem(error).status === 400
              ? // Nothing to search for in it (only "-", quotes…): nothing matches.
                { ...IDLE, status: 'ready', term }
              : { ...IDLE, status: 'error', term, error: describeLoadError('messages', error) },
          ),
      }),
    );
    if (this.scope() === null) this.searchPeople(term);
  }

  /** The `conversationId` parameter of a scoped search. */
  private scoped(): { conversationId?: string } {
    const conversationId = this.scope();
    return conversationId === null ? {} : { conversationId };
  }

  private searchPeople(term: string): void {
    if (term.length > PEOPLE_QUERY_MAX) {
      this._people.set([]);
      return;
    }
    this._peopleLoading.set(true);
    const myId = this.myId();
    this.requests.add(
      this.users.searchUsers({ query: term, limit: PEOPLE_LIMIT + 1 }).subscribe({
        next: (page) => {
          this._people.set(page.items.filter((user) => user.id !== myId).slice(0, PEOPLE_LIMIT));
          this._peopleLoading.set(false);
        },
        // People are a shortcut here; the section is left out rather than failing the search.
        error: () => {
          this._people.set([]);
          this._peopleLoading.set(false);
        },
      }),
    );
  }

  /** Hits in conversations not loaded yet (older ones): fetched, for their titles. */
  private fetchUnknownConversations(): void {
    const ids = new Set(this._messages().items.map((m) => m.conversationId));
    for (const id of ids) {
      if (this.conversationsStore.get(id)) continue;
      this.requests.add(this.conversationsStore.ensure(id).subscribe({ error: () => undefined }));
    }
  }
}

function withHighlights(
  current: ReadonlyMap<string, readonly SnippetPart[]>,
  page: MessageSearchPageDto,
): ReadonlyMap<string, readonly SnippetPart[]> {
  const next = new Map(current);
  for (const { messageId, parts } of page.highlights) next.set(messageId, parts);
  return next;
}

/** Lower case, without accents: "Zoë" is found as "zoe". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words of a query to look for in names: the search syntax (quotes, -excluded, or) aside. */
export function searchWords(query: string): string[] {
  return fold(query)
    .replace(/"/g, ' ')
    .split(/\s+/)
    .filter((word) => word && !word.startsWith('-') && word !== 'or');
}
