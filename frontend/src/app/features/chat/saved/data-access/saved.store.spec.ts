import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { storeSession } from '../../../../core/auth/session.testing';
import {
  FakeRealtimeService,
  provideFakeRealtime,
} from '../../../../core/realtime/realtime.testing';
import { bob, message } from '../../data-access/chat.testing';
import { SavedStore } from './saved.store';

const SAVED_URL = '/api/v1/saved';
const saved = (seq: number) => ({
  message: message(seq, { sender: bob }),
  savedAt: '2026-01-01T12:00:00.000Z',
});

describe('SavedStore', () => {
  let store: SavedStore;
  let realtime: FakeRealtimeService;
  let http: HttpTestingController;

  beforeEach(() => {
    storeSession();
    realtime = new FakeRealtimeService();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideFakeRealtime(realtime)],
    });
    store = TestBed.inject(SavedStore);
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  it('pages through the saved messages, most recently saved first', () => {
    store.load();
    http
      .expectOne((r) => r.url === SAVED_URL && !r.params.has('cursor'))
      .flush({ items: [saved(3)], nextCursor: 'next' });
    expect(store.hasMore()).toBe(true);
    store.loadMore();
    http
      .expectOne((r) => r.url === SAVED_URL && r.params.get('cursor') === 'next')
      .flush({ items: [saved(1)], nextCursor: null });
    expect(store.items().map((s) => s.message.seq)).toEqual([3, 1]);
    expect(store.hasMore()).toBe(false);
    expect(store.isSaved(message(1))).toBe(true);
  });

  it('saves to the top, unsaves, and follows edits and deletions', () => {
    store.load();
    http.expectOne((r) => r.url === SAVED_URL).flush({ items: [saved(1)], nextCursor: null });

    store.save(message(5)).subscribe();
    http.expectOne('/api/v1/messages/m-5/save').flush(null);
    expect(store.items().map((s) => s.message.seq)).toEqual([5, 1]);

    realtime.push('message:updated', message(1, { sender: bob, body: 'edited' }));
    expect(store.items()[1].message.body).toBe('edited');
    realtime.push('message:deleted', {
      id: 'm-5',
      conversationId: message(5).conversationId,
      seq: 5,
    });
    expect(store.items().map((s) => s.message.seq)).toEqual([1]);

    store.unsave(message(1)).subscribe();
    http.expectOne('/api/v1/messages/m-1/save').flush(null);
    expect(store.items()).toEqual([]);
    expect(store.isSaved(message(1))).toBe(false);
  });
});
