import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { InboxItemDto } from '../../../core/api/model';
import { alice, storeSession, authResponse } from '../../../core/auth/session.testing';
import { FakeRealtimeService, provideFakeRealtime } from '../../../core/realtime/realtime.testing';
import { InboxStore, placeItem } from './inbox.store';

const bob = { id: 'b0b00000-0000-4000-8000-000000000000', displayName: 'Bob' };

function item(id: string, changes: Partial<InboxItemDto> = {}): InboxItemDto {
  return {
    conversationId: id,
    status: 'waiting',
    visitor: { id: `visitor-${id}`, displayName: 'Visitor' },
    widget: { id: 'w1', name: 'Jeans shop' },
    context: { product: 'Slim jeans', category: 'bottoms' },
    agent: null,
    requestedAt: '2026-03-12T10:00:00.000Z',
    claimedAt: null,
    closedAt: null,
    ...changes,
  };
}

describe('placeItem', () => {
  const empty = { waiting: [], mine: [], closed: [] };

  it('keeps the longest wait first in Waiting, and moves an item between tabs by its status', () => {
    const late = item('b', { requestedAt: '2026-03-12T10:05:00.000Z' });
    const early = item('a');
    let lists = placeItem(placeItem(empty, late, alice.id), early, alice.id);
    expect(lists.waiting.map((i) => i.conversationId)).toEqual(['a', 'b']);

    lists = placeItem(
      lists,
      item('a', { status: 'claimed', agent: { id: alice.id, displayName: 'Alice' } }),
      alice.id,
    );
    expect(lists.waiting.map((i) => i.conversationId)).toEqual(['b']);
    expect(lists.mine.map((i) => i.conversationId)).toEqual(['a']);

    lists = placeItem(lists, item('a', { status: 'closed' }), alice.id);
    expect(lists.mine).toEqual([]);
    expect(lists.closed.map((i) => i.conversationId)).toEqual(['a']);
  });

  it("drops a visitor someone else claimed from this agent's tabs", () => {
    const lists = placeItem(
      placeItem(empty, item('a'), alice.id),
      item('a', { status: 'claimed', agent: bob }),
      alice.id,
    );
    expect(lists).toEqual(empty);
  });
});

describe('InboxStore', () => {
  let store: InboxStore;
  let http: HttpTestingController;
  let realtime: FakeRealtimeService;

  beforeEach(() => {
    localStorage.clear();
    storeSession(authResponse('1', { ...alice, support: true }));
    realtime = new FakeRealtimeService();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideFakeRealtime(realtime)],
    });
    store = TestBed.inject(InboxStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('loads the three tabs, then follows inbox:updated live', () => {
    store.load();
    expect(store.loading()).toBe(true);
    http.expectOne('/api/v1/inbox?status=waiting').flush([item('a')]);
    http.expectOne('/api/v1/inbox?status=mine').flush([]);
    http.expectOne('/api/v1/inbox?status=closed').flush([]);
    expect(store.loading()).toBe(false);
    expect(store.waitingCount()).toBe(1);

    realtime.push('inbox:updated', item('b', { requestedAt: '2026-03-12T10:09:00.000Z' }));
    expect(store.lists().waiting.map((i) => i.conversationId)).toEqual(['a', 'b']);
    realtime.push('inbox:updated', item('a', { status: 'claimed', agent: bob }));
    expect(store.lists().waiting.map((i) => i.conversationId)).toEqual(['b']);
  });

  it('says why the inbox could not be loaded', () => {
    store.load();
    http
      .expectOne('/api/v1/inbox?status=waiting')
      .flush(
        { statusCode: 403, message: 'only support agents may do this' },
        { status: 403, statusText: 'Forbidden' },
      );
    // forkJoin cancelled the other tabs' requests when the first failed.
    http.expectOne('/api/v1/inbox?status=mine');
    http.expectOne('/api/v1/inbox?status=closed');
    expect(store.error()).toBe('Only support agents may do this.');
    expect(store.loading()).toBe(false);
  });

  it('claims a visitor into Mine, and reads a transcript', () => {
    store.apply(item('a'));
    let claimed: InboxItemDto | null = null;
    store.claim('a').subscribe((result) => (claimed = result));
    http
      .expectOne({ method: 'POST', url: '/api/v1/inbox/a/claim' })
      .flush(item('a', { status: 'claimed', agent: { id: alice.id, displayName: 'Alice' } }));
    expect(claimed).not.toBeNull();
    expect(store.lists().mine.map((i) => i.conversationId)).toEqual(['a']);

    store.openTranscript('a');
    expect(store.transcript()).toEqual({ conversationId: 'a', messages: null, error: null });
    http.expectOne('/api/v1/inbox/a/messages').flush({ items: [], hasMore: false });
    expect(store.transcript()).toEqual({ conversationId: 'a', messages: [], error: null });
  });
});
