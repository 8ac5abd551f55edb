import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { PinDto } from '../../../../core/api/model';
import { storeSession } from '../../../../core/auth/session.testing';
import {
  FakeRealtimeService,
  provideFakeRealtime,
} from '../../../../core/realtime/realtime.testing';
import { alice, bob, CONVERSATION_ID, message } from '../../data-access/chat.testing';
import { PinsStore } from './pins.store';

const PINS_URL = `/api/v1/conversations/${CONVERSATION_ID}/pins`;
const pin = (seq: number, body = `message ${seq}`): PinDto => ({
  message: message(seq, { sender: bob, body }),
  pinnedBy: alice.id,
  pinnedAt: '2026-01-01T12:00:00.000Z',
});

describe('PinsStore', () => {
  let store: PinsStore;
  let realtime: FakeRealtimeService;
  let http: HttpTestingController;

  beforeEach(() => {
    storeSession();
    realtime = new FakeRealtimeService();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideFakeRealtime(realtime)],
    });
    store = TestBed.inject(PinsStore);
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  it('loads a conversation’s pins once and knows which messages are pinned', () => {
    store.load(CONVERSATION_ID);
    store.load(CONVERSATION_ID);
    expect(store.of(CONVERSATION_ID).status).toBe('loading');
    http.expectOne(PINS_URL).flush({ items: [pin(2)] });
    expect(store.of(CONVERSATION_ID)).toMatchObject({ status: 'ready', items: [pin(2)] });
    expect(store.isPinned(message(2))).toBe(true);
    expect(store.isPinned(message(3))).toBe(false);
  });

  it('reloads on someone’s pin line, follows edits and deletions, and drops an unpin at once', () => {
    store.load(CONVERSATION_ID);
    http.expectOne(PINS_URL).flush({ items: [pin(2)] });

    realtime.push(
      'message:new',
      message(9, {
        kind: 'system',
        system: { action: 'message_pinned', actorId: bob.id, messageId: 'm-4' },
      }),
    );
    http.expectOne(PINS_URL).flush({ items: [pin(4), pin(2)] });
    expect(store.of(CONVERSATION_ID).items.map((p) => p.message.seq)).toEqual([4, 2]);

    realtime.push('message:updated', message(4, { sender: bob, body: 'edited' }));
    expect(store.of(CONVERSATION_ID).items[0].message.body).toBe('edited');
    realtime.push('message:deleted', { id: 'm-2', conversationId: CONVERSATION_ID, seq: 2 });
    expect(store.of(CONVERSATION_ID).items.map((p) => p.message.seq)).toEqual([4]);

    store.unpin(message(4)).subscribe();
    http.expectOne(`/api/v1/messages/m-4/pin`).flush(null);
    expect(store.of(CONVERSATION_ID).items).toEqual([]);
  });

  it('drops a pin someone else removed when message:unpinned arrives, and only there', () => {
    store.load(CONVERSATION_ID);
    http.expectOne(PINS_URL).flush({ items: [pin(4), pin(2)] });

    realtime.push('message:unpinned', { conversationId: 'another', messageId: 'm-4' });
    expect(store.of(CONVERSATION_ID).items.map((p) => p.message.seq)).toEqual([4, 2]);
    realtime.push('message:unpinned', { conversationId: CONVERSATION_ID, messageId: 'm-4' });
    expect(store.of(CONVERSATION_ID).items.map((p) => p.message.seq)).toEqual([2]);
    expect(store.isPinned(message(4))).toBe(false);
  });

  it('loads the pins again when the socket reconnects', () => {
    store.load(CONVERSATION_ID);
    http.expectOne(PINS_URL).flush({ items: [] });
    realtime.reconnect();
    http.expectOne(PINS_URL).flush({ items: [pin(5)] });
    expect(store.isPinned(message(5))).toBe(true);
  });
});
