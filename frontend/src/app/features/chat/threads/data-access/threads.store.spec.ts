import 'fake-indexeddb/auto';

import { deserialize, serialize } from 'node:v8';

import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { IDBFactory } from 'fake-indexeddb';

import { FollowedThreadDto } from '../../../../core/api/model';
import { storeSession } from '../../../../core/auth/session.testing';
import {
  FakeRealtimeService,
  provideFakeRealtime,
} from '../../../../core/realtime/realtime.testing';
import { alice, bob, CONVERSATION_ID, message } from '../../data-access/chat.testing';
import { OutboxStorage } from '../../data-access/outbox/outbox-storage';
import { ThreadsStore } from './threads.store';

// IndexedDB clones what it stores; jsdom lacks the browser's structuredClone.
globalThis.structuredClone ??= <T>(value: T): T => deserialize(serialize(value)) as T;

const THREADS_URL = '/api/v1/threads';
const root = message(1, { sender: alice, thread: null });

function followed(rootSeq: number, unreadCount: number, lastReplyAt: string): FollowedThreadDto {
  return {
    root: message(rootSeq, {
      thread: { replyCount: 2, lastReplyAt, participantIds: [bob.id] },
    }),
    lastReadSeq: rootSeq,
    unreadCount,
  };
}

/** Waits until `check` holds: IndexedDB answers on later turns of the event loop. */
async function until(check: () => boolean): Promise<void> {
  for (let turn = 0; turn < 200; turn++) {
    TestBed.tick();
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  throw new Error('the condition never held');
}

describe('ThreadsStore', () => {
  let store: ThreadsStore;
  let realtime: FakeRealtimeService;
  let http: HttpTestingController;

  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
    localStorage.clear();
    storeSession();
    realtime = new FakeRealtimeService();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideFakeRealtime(realtime),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    store = TestBed.inject(ThreadsStore);
    // The outbox learns whose it is from the session (an effect).
    TestBed.tick();
  });

  afterEach(() => http.verify());

  function loadFollowed(items: FollowedThreadDto[]): void {
    store.loadFollowed();
    http.expectOne((r) => r.url === THREADS_URL).flush({ items, nextCursor: null });
  }

  it('lists followed threads unread first, then by newest reply, and sums the unread', () => {
    loadFollowed([
      followed(1, 0, '2026-03-12T12:00:00.000Z'),
      followed(2, 2, '2026-03-12T10:00:00.000Z'),
      followed(3, 1, '2026-03-12T11:00:00.000Z'),
    ]);
    expect(store.followed().map((t) => t.root.id)).toEqual(['m-3', 'm-2', 'm-1']);
    expect(store.totalUnread()).toBe(3);
  });

  it("counts others' live replies in followed threads as unread, not the user's own", () => {
    loadFollowed([followed(1, 0, '2026-03-12T10:00:00.000Z')]);
    realtime.push('message:new', message(5, { threadRootId: 'm-1', sender: bob }));
    realtime.push('message:new', message(6, { threadRootId: 'm-1', sender: alice }));
    expect(store.totalUnread()).toBe(1);
  });

  it('reading moves the marker on the server and clears the badge at once', () => {
    loadFollowed([followed(1, 2, '2026-03-12T10:00:00.000Z')]);
    store.markRead('m-1', 7);
    expect(store.totalUnread()).toBe(0);
    const read = http.expectOne('/api/v1/messages/m-1/thread/read');
    expect(read.request.body).toEqual({ seq: 7 });
    read.flush(null);
  });

  it('keeps the summary with the most replies when thread:updated events arrive out of order', () => {
    loadFollowed([followed(1, 0, '2026-03-12T10:00:00.000Z')]);
    const event = (replyCount: number) => ({
      conversationId: CONVERSATION_ID,
      rootId: 'm-1',
      replyCount,
      lastReplyAt: `2026-03-12T10:0${replyCount}:00.000Z`,
      participantIds: [bob.id],
    });
    realtime.push('thread:updated', event(4));
    realtime.push('thread:updated', event(3));
    expect(store.followed()[0].root.thread?.replyCount).toBe(4);
  });

  it('shows the loaded page and live replies once each, in seq order', () => {
    store.open('m-1');
    http
      .expectOne((r) => r.url === '/api/v1/messages/m-1/thread')
      .flush({ items: [message(3, { threadRootId: 'm-1' })], hasMore: false });
    realtime.push('message:new', message(5, { threadRootId: 'm-1' }));
    realtime.push('message:new', message(3, { threadRootId: 'm-1' }));
    realtime.push('message:new', message(4, { threadRootId: 'm-9' }));
    expect(store.thread(CONVERSATION_ID, 'm-1').replies.map((m) => m.seq)).toEqual([3, 5]);
    expect(store.status('m-1').status).toBe('ready');
  });

  it('replies through the outbox: stored first, then sent in order with threadRootId and the original client id', async () => {
    await store.reply(CONVERSATION_ID, root.id, 'first', false);
    await store.reply(CONVERSATION_ID, root.id, 'second', true);
    const entries = await TestBed.inject(OutboxStorage).list(alice.id);
    expect(entries.map((e) => [e.body, e.thread])).toEqual([
      ['first', { rootId: 'm-1', alsoToConversation: false }],
      ['second', { rootId: 'm-1', alsoToConversation: true }],
    ]);
    await until(() => realtime.sent('message:send').length === 1);
    const [first] = realtime.sent('message:send');
    expect(first.payload).toEqual({
      conversationId: CONVERSATION_ID,
      clientMessageId: entries[0].clientMessageId,
      body: 'first',
      threadRootId: 'm-1',
    });
    first.ack(message(8, { sender: alice, clientMessageId: entries[0].clientMessageId }));
    await until(() => realtime.sent('message:send').length === 2);
    expect(realtime.sent('message:send')[1].payload).toEqual({
      conversationId: CONVERSATION_ID,
      clientMessageId: entries[1].clientMessageId,
      body: 'second',
      threadRootId: 'm-1',
      alsoToConversation: true,
    });
    // The stored reply makes the store look the conversation up: not this test's subject.
    http.match((r) => r.url === `/api/v1/conversations/${CONVERSATION_ID}`);
  });
});
