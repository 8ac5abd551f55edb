import { HttpRequest, provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  TestRequest,
} from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { MessageDto, UserDto } from '../../../../core/api/model';
import { storeSession } from '../../../../core/auth/session.testing';
import { provideFakeRealtime } from '../../../../core/realtime/realtime.testing';
import { alice, bob, carol, conversation, member, message } from '../../data-access/chat.testing';
import { ConversationsStore } from '../../data-access/conversations.store';
import { systemText } from '../../groups/data-access/system-text';
import {
  fold,
  MESSAGE_PAGE_SIZE,
  MessageSearch,
  SEARCH_DEBOUNCE_MS,
  searchWords,
} from './message-search';

const SEARCH_URL = '/api/v1/search/messages';
const DIRECT = 'c0000000-0000-4000-8000-00000000000d';
const GROUP = 'c0000000-0000-4000-8000-00000000000e';
const OLD = 'c0000000-0000-4000-8000-00000000000f';

const zoe: UserDto = {
  ...carol,
  id: 'a0000000-0000-4000-8000-00000000000z',
  displayName: 'Zoë Quinn',
  username: 'zoe',
};

/** Message `seq` in a conversation, matching "hello". */
const hit = (conversationId: string, seq: number, overrides: Partial<MessageDto> = {}) =>
  message(seq, {
    id: `${conversationId}-${seq}`,
    conversationId,
    body: `hello number ${seq}`,
    ...overrides,
  });
const parts = (m: MessageDto) => [
  { text: 'hello', match: true },
  { text: ` number ${m.seq}`, match: false },
];
const page = (items: MessageDto[], nextCursor: string | null = null) => ({
  items,
  nextCursor,
  highlights: items.map((m) => ({ messageId: m.id, parts: parts(m) })),
});

describe('MessageSearch', () => {
  let search: MessageSearch;
  let http: HttpTestingController;

  beforeEach(() => {
    jest.useFakeTimers();
    localStorage.clear();
    storeSession();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideFakeRealtime(),
        MessageSearch,
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const conversations = TestBed.inject(ConversationsStore);
    conversations.upsert(
      conversation({
        id: DIRECT,
        members: [member(alice), member(bob)],
        updatedAt: '2026-03-12T10:00:00Z',
      }),
    );
    conversations.upsert(
      conversation({
        id: GROUP,
        type: 'group',
        title: 'Weekend trip',
        members: [member(alice), member(carol), member(zoe)],
        updatedAt: '2026-03-12T09:00:00Z',
      }),
    );
    search = TestBed.inject(MessageSearch);
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  const isSearch = (r: HttpRequest<unknown>) => r.method === 'GET' && r.url === SEARCH_URL;
  const isPeople = (r: HttpRequest<unknown>) => r.method === 'GET' && r.url === '/api/v1/users';

  /** Types a query and lets the debounce run out; answers the people search with `people`. */
  function type(query: string, people: UserDto[] = []): TestRequest {
    search.setQuery(query);
    jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
    http.expectOne(isPeople).flush({ items: people, nextCursor: null });
    return http.expectOne(isSearch);
  }

  const hitIds = () => search.groups().flatMap((g) => g.hits.map((h) => h.message.id));

  describe('debouncing', () => {
    it('searches once typing pauses, for the trimmed query only', () => {
      search.setQuery('he');
      jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 100);
      search.setQuery('hello ');
      jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 1);
      http.expectNone(isSearch);
      expect(search.query()).toBe('hello ');

      jest.advanceTimersByTime(1);
      const request = http.expectOne(isSearch);
      expect(request.request.params.get('q')).toBe('hello');
      expect(request.request.params.get('limit')).toBe(String(MESSAGE_PAGE_SIZE));
      expect(request.request.params.has('cursor')).toBe(false);
      http.expectOne(isPeople).flush({ items: [], nextCursor: null });
      expect(search.messages().status).toBe('loading');
      request.flush(page([]));
      expect(search.messages()).toEqual(
        expect.objectContaining({ status: 'ready', term: 'hello', items: [] }),
      );

      // Typing on: the results are for the query before.
      search.setQuery('hello w');
      expect(search.stale()).toBe(true);
      expect(search.loading()).toBe(true);
      search.setQuery('hello');
      expect(search.stale()).toBe(false);

      // The same query with other spaces is not searched again.
      search.setQuery(' hello');
      jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
      http.expectNone(isSearch);
    });

    it('clears the results at once when the query is emptied, and cancels what runs', () => {
      const request = type('hello');
      search.setQuery('');
      jest.advanceTimersByTime(0);
      expect(request.cancelled).toBe(true);
      expect(search.messages().status).toBe('idle');
      expect(search.options()).toEqual([]);
    });

    it('keeps the previous results on screen while the next query runs', () => {
      type('hello').flush(page([hit(DIRECT, 1)]));
      const next = type('hello world');
      expect(search.messages().status).toBe('loading');
      expect(hitIds()).toEqual([`${DIRECT}-1`]);
      next.flush(page([]));
      expect(hitIds()).toEqual([]);
    });

    it('limits the query to 200 characters', () => {
      search.setQuery('x'.repeat(250));
      expect(search.query()).toHaveLength(200);
    });
  });

  describe('grouping', () => {
    it('groups the hits by conversation, in the order of their newest hit', () => {
      type('hello').flush(
        page([hit(GROUP, 9), hit(DIRECT, 7), hit(GROUP, 4), hit(DIRECT, 2)], 'next'),
      );
      expect(search.groups().map((g) => [g.title, g.hits.map((h) => h.message.seq)])).toEqual([
        ['Weekend trip', [9, 4]],
        ['Bob Builder', [7, 2]],
      ]);
      expect(search.groups()[0].hits[0].parts).toEqual(parts(hit(GROUP, 9)));
    });

    it('shows the text of a hit the server sent no highlight for', () => {
      const plain = hit(DIRECT, 3, { body: 'plain text' });
      type('hello').flush({ items: [plain], nextCursor: null, highlights: [] });
      expect(search.groups()[0].hits[0].parts).toEqual([{ text: 'plain text', match: false }]);
    });

    it("shows a group change as the chat shows it, in the reader's terms (one renderer)", () => {
      const line = hit(GROUP, 6, {
        kind: 'system',
        sender: alice,
        body: 'Alice Liddell removed Gina',
        system: {
          action: 'member_removed',
          actorId: alice.id,
          userIds: ['gone'],
          names: { [alice.id]: alice.displayName, gone: 'Gina' },
        },
      });
      type('removed').flush(page([line]));
      const shown = search.groups()[0].hits[0].parts;
      expect(shown).toEqual([{ text: 'You removed Gina', match: false }]);
      const nameOf = (id: string) => TestBed.inject(ConversationsStore).knownUser(id)?.displayName;
      expect(shown[0].text).toBe(systemText(line, nameOf, alice.id));
    });

    it('fetches a conversation not loaded yet for its title', () => {
      type('hello').flush(page([hit(OLD, 5)]));
      expect(search.groups()[0].title).toBe('Conversation');
      http
        .expectOne(`/api/v1/conversations/${OLD}`)
        .flush(
          conversation({ id: OLD, type: 'group', title: 'Old times', members: [member(alice)] }),
        );
      expect(search.groups()[0].title).toBe('Old times');
    });

    it('reports an error, and searches again on retry', () => {
      type('hello').flush(null, { status: 500, statusText: 'Server Error' });
      expect(search.messages()).toEqual(
        expect.objectContaining({
          status: 'error',
          error: "Couldn't load messages. Try again in a moment.",
        }),
      );
      search.retry();
      http.expectOne(isPeople).flush({ items: [], nextCursor: null });
      http.expectOne(isSearch).flush(page([hit(DIRECT, 1)]));
      expect(search.messages().status).toBe('ready');
    });

    it('finds nothing in a query without a word to search for (refused: 400)', () => {
      type('-').flush(
        { statusCode: 400, message: ['q has no word to search for'] },
        { status: 400, statusText: 'Bad Request' },
      );
      expect(search.messages()).toEqual(
        expect.objectContaining({ status: 'ready', items: [], error: null }),
      );
    });
  });

  describe('paging', () => {
    it('loads the next page with the cursor, appended into the groups', () => {
      type('hello').flush(page([hit(DIRECT, 9), hit(GROUP, 8)], 'cursor-1'));
      expect(search.hasMore()).toBe(true);
      expect(search.options().at(-1)?.kind).toBe('more');

      search.loadMore();
      search.loadMore();
      expect(search.messages().loadingMore).toBe(true);
      const next = http.expectOne(isSearch);
      expect(next.request.params.get('cursor')).toBe('cursor-1');
      expect(next.request.params.get('q')).toBe('hello');
      // A hit seen twice (the index moved meanwhile) is listed once.
      next.flush(page([hit(GROUP, 8), hit(DIRECT, 3), hit(GROUP, 1)]));

      expect(search.groups().map((g) => g.hits.map((h) => h.message.seq))).toEqual([
        [9, 3],
        [8, 1],
      ]);
      expect(search.hasMore()).toBe(false);
      expect(search.options().some((o) => o.kind === 'more')).toBe(false);
    });

    it('keeps the results when the next page fails, and offers to try again', () => {
      type('hello').flush(page([hit(DIRECT, 9)], 'cursor-1'));
      search.loadMore();
      http.expectOne(isSearch).flush(null, { status: 503, statusText: 'Unavailable' });
      expect(search.messages().moreError).toBe(
        "Couldn't load more messages. Try again in a moment.",
      );
      expect(hitIds()).toEqual([`${DIRECT}-9`]);
    });

    it('drops a page of the previous query', () => {
      type('hello').flush(page([hit(DIRECT, 9)], 'cursor-1'));
      search.loadMore();
      const more = http.expectOne(isSearch);
      type('bye');
      expect(more.cancelled).toBe(true);
    });
  });

  describe('conversations and people', () => {
    it('finds conversations by title and by the other members’ names, without accents', () => {
      search.setQuery('weekend');
      expect(search.conversations().map((c) => c.title)).toEqual(['Weekend trip']);
      search.setQuery('zoe');
      expect(search.conversations().map((c) => c.title)).toEqual(['Weekend trip']);
      expect(search.conversations()[0].detail).toBe('Carol Danvers, Zoë Quinn');
      search.setQuery('"bob" -x');
      expect(search.conversations().map((c) => c.otherId)).toEqual([bob.id]);
      // The user's own name matches nothing: every conversation has them.
      search.setQuery('alice');
      expect(search.conversations()).toEqual([]);
      jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
      http.match(isPeople).forEach((r) => r.flush({ items: [], nextCursor: null }));
      http.match(isSearch).forEach((r) => r.flush(page([])));
    });

    it('lists people found, but not the user, nor those listed under Conversations', () => {
      type('c', [alice, bob, carol]).flush(page([]));
      expect(search.people().map((u) => u.id)).toEqual([bob.id, carol.id]);
      search.setQuery('bo');
      jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
      http.expectOne(isPeople).flush({ items: [bob, carol], nextCursor: null });
      http.expectOne(isSearch).flush(page([]));
      expect(search.conversations().map((c) => c.otherId)).toEqual([bob.id]);
      expect(search.people().map((u) => u.id)).toEqual([carol.id]);
    });
  });

  describe('keyboard', () => {
    it('goes through the options in order, wrapping, and stays put when more load', () => {
      search.setQuery('bob');
      jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
      http.expectOne(isPeople).flush({ items: [carol], nextCursor: null });
      http.expectOne(isSearch).flush(page([hit(DIRECT, 2)], 'cursor-1'));
      const keys = search.options().map((o) => o.key);
      expect(keys).toEqual([`c:${DIRECT}`, `p:${carol.id}`, `m:${DIRECT}-2`, 'more']);
      expect(search.activeKey()).toBe(`c:${DIRECT}`);

      search.move(-1);
      expect(search.activeKey()).toBe('more');
      search.move(1);
      search.move(1);
      search.move(1);
      expect(search.active()?.kind).toBe('message');

      search.loadMore();
      http.expectOne(isSearch).flush(page([hit(DIRECT, 1)]));
      expect(search.activeKey()).toBe(`m:${DIRECT}-2`);
    });
  });
});

describe('searchWords', () => {
  it('leaves out the search syntax and folds case and accents', () => {
    expect(searchWords('  "Zoë Q" -bob OR carol ')).toEqual(['zoe', 'q', 'carol']);
    expect(fold('Élodie')).toBe('elodie');
  });
});
