import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';

import { ConversationSummaryDto, MessageDto } from '../../../core/api/model';
import { SessionStore } from '../../../core/auth/session.store';
import { storeSession } from '../../../core/auth/session.testing';
import { FakeRealtimeService, provideFakeRealtime } from '../../../core/realtime/realtime.testing';
import { ChatRealtime } from './chat-realtime';
import { alice, bob, carol, conversation, member, message } from './chat.testing';
import {
  ConversationsStore,
  mergeFirstPage,
  mergeSummary,
  READ_SEND_DELAY_MS,
} from './conversations.store';

const LIST_URL = '/api/v1/conversations';

/** Conversation `n`, last active at minute `minute` of 12 March 2026, 10:00 UTC. */
function summary(n: number, minute: number, overrides: Partial<ConversationSummaryDto> = {}) {
  return conversation({
    id: `c-${n}`,
    updatedAt: new Date(Date.UTC(2026, 2, 12, 10, minute)).toISOString(),
    ...overrides,
  });
}

describe('ConversationsStore', () => {
  let store: ConversationsStore;
  let realtime: FakeRealtimeService;
  let http: HttpTestingController;

  beforeEach(() => {
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
    TestBed.inject(ChatRealtime);
    store = TestBed.inject(ConversationsStore);
  });

  afterEach(() => {
    jest.useRealTimers();
    http.verify();
  });

  const ids = () => store.conversations().map((c) => c.id);

  function load(items: ConversationSummaryDto[], nextCursor: string | null = null): void {
    store.load();
    http
      .expectOne((r) => r.url === LIST_URL && !r.params.has('cursor'))
      .flush({ items, nextCursor });
  }

  it('loads the first page once, newest activity first', () => {
    store.load();
    expect(store.status()).toBe('loading');
    const request = http.expectOne((r) => r.url === LIST_URL);
    expect(request.request.params.get('limit')).toBe('30');
    // Sorted by the store, whatever the order received.
    request.flush({ items: [summary(1, 1), summary(2, 5)], nextCursor: null });

    expect(store.status()).toBe('ready');
    expect(ids()).toEqual(['c-2', 'c-1']);
    expect(store.hasMore()).toBe(false);
    store.load();
    http.expectNone(LIST_URL);
  });

  it('reports a failed load, and Retry loads again', () => {
    store.load();
    http.expectOne((r) => r.url === LIST_URL).error(new ProgressEvent('error'), { status: 0 });
    expect(store.status()).toBe('error');
    expect(store.error()).toBe("Couldn't load your conversations: the server can't be reached.");

    load([summary(1, 1)]);
    expect(store.status()).toBe('ready');
    expect(store.error()).toBeNull();
  });

  it('loads more with the cursor, without duplicates', () => {
    load([summary(3, 30), summary(2, 20)], 'cursor-1');
    expect(store.hasMore()).toBe(true);

    store.loadMore();
    store.loadMore();
    expect(store.loadingMore()).toBe(true);
    http
      .expectOne((r) => r.url === LIST_URL && r.params.get('cursor') === 'cursor-1')
      .flush({ items: [summary(2, 20), summary(1, 10)], nextCursor: null });

    expect(ids()).toEqual(['c-3', 'c-2', 'c-1']);
    expect(store.hasMore()).toBe(false);
  });

  it('upserts conversation:updated and re-sorts by last activity', () => {
    load([summary(1, 10), summary(2, 20)]);

    realtime.push('conversation:updated', summary(3, 15, { type: 'group', title: 'New group' }));
    expect(ids()).toEqual(['c-2', 'c-3', 'c-1']);

    realtime.push('conversation:updated', summary(1, 30, { title: 'Renamed' }));
    expect(ids()).toEqual(['c-1', 'c-2', 'c-3']);
    expect(store.get('c-1')?.title).toBe('Renamed');
  });

  it('moves a conversation up on message:new and counts it unread', () => {
    load([summary(1, 10), summary(2, 20)]);
    const incoming = message(1, {
      conversationId: 'c-1',
      createdAt: '2026-03-12T10:40:00.000Z',
      body: 'hi',
    });

    realtime.push('message:new', incoming);

    expect(ids()).toEqual(['c-1', 'c-2']);
    expect(store.get('c-1')).toEqual(
      expect.objectContaining({ lastMessage: incoming, lastSeq: 1, unreadCount: 1 }),
    );
    expect(store.totalUnread()).toBe(1);
    // The sender has read what they sent: their read marker moves.
    expect(store.get('c-1')?.members.find((m) => m.user.id === bob.id)?.lastReadSeq).toBe(1);
  });

  it('does not count the user’s own messages as unread', () => {
    load([summary(1, 10, { lastSeq: 2, lastReadSeq: 1, unreadCount: 1 })]);
    realtime.push('message:new', message(3, { conversationId: 'c-1', sender: alice }));
    expect(store.get('c-1')).toEqual(
      expect.objectContaining({ lastSeq: 3, lastReadSeq: 3, unreadCount: 0 }),
    );
  });

  it('counts new mentions of the user (by name or @here) once, and clears them when all is read', () => {
    load([summary(1, 10, { lastSeq: 2, lastReadSeq: 2, mentionCount: 0 })]);
    const c1 = { conversationId: 'c-1' };
    realtime.push('message:new', message(3, { ...c1, mentions: [alice.id] }));
    realtime.push('message:new', message(4, { ...c1, mentions: [carol.id] }));
    realtime.push('message:new', message(5, { ...c1, mentionsHere: true }));
    // The same message again (catch-up after a reconnection) is not a new mention.
    realtime.push('message:new', message(5, { ...c1, mentionsHere: true }));
    expect(store.get('c-1')).toEqual(expect.objectContaining({ unreadCount: 3, mentionCount: 2 }));

    store.markRead('c-1', 4);
    expect(store.get('c-1')?.mentionCount).toBe(2);
    store.markRead('c-1', 5);
    expect(store.get('c-1')).toEqual(expect.objectContaining({ unreadCount: 0, mentionCount: 0 }));
  });

  it('fetches a conversation it does not know when a message arrives for it', () => {
    load([summary(1, 10)]);
    realtime.push('message:new', message(1, { conversationId: 'c-9' }));
    http.expectOne('/api/v1/conversations/c-9').flush(summary(9, 50, { unreadCount: 1 }));
    expect(ids()).toEqual(['c-9', 'c-1']);
  });

  it('adds up the unread counts', () => {
    load([summary(1, 10, { unreadCount: 2 }), summary(2, 20, { unreadCount: 3 })]);
    expect(store.totalUnread()).toBe(5);
  });

  it('marks read at once locally, then tells the server once for a burst', () => {
    jest.useFakeTimers();
    load([summary(1, 10, { lastSeq: 5, lastReadSeq: 2, unreadCount: 3 })]);

    store.markRead('c-1', 4);
    expect(store.get('c-1')).toEqual(expect.objectContaining({ lastReadSeq: 4, unreadCount: 1 }));
    store.markRead('c-1', 5);
    store.markRead('c-1', 3);
    expect(store.get('c-1')).toEqual(expect.objectContaining({ lastReadSeq: 5, unreadCount: 0 }));
    expect(store.totalUnread()).toBe(0);
    expect(realtime.sent('conversation:read')).toEqual([]);

    jest.advanceTimersByTime(READ_SEND_DELAY_MS);
    expect(realtime.sent('conversation:read').map((e) => e.payload)).toEqual([
      { conversationId: 'c-1', seq: 5 },
    ]);
  });

  it('marks read over REST while the socket is down', () => {
    jest.useFakeTimers();
    load([summary(1, 10, { lastSeq: 5, lastReadSeq: 2, unreadCount: 3 })]);
    realtime.state.set('reconnecting');
    store.markRead('c-1', 5);
    jest.advanceTimersByTime(READ_SEND_DELAY_MS);
    const request = http.expectOne({ method: 'POST', url: '/api/v1/conversations/c-1/read' });
    expect(request.request.body).toEqual({ seq: 5 });
    request.flush(null, { status: 204, statusText: 'No Content' });
  });

  it('applies read receipts: others’ markers (ticks) and the user’s own from another tab', () => {
    load([summary(1, 10, { lastSeq: 5, lastReadSeq: 2, unreadCount: 3 })]);

    realtime.push('conversation:read', { conversationId: 'c-1', userId: bob.id, seq: 4 });
    expect(store.get('c-1')?.members.find((m) => m.user.id === bob.id)?.lastReadSeq).toBe(4);
    expect(store.get('c-1')?.unreadCount).toBe(3);

    realtime.push('conversation:read', { conversationId: 'c-1', userId: alice.id, seq: 5 });
    expect(store.get('c-1')).toEqual(expect.objectContaining({ lastReadSeq: 5, unreadCount: 0 }));
  });

  it('drops a conversation on conversation:removed and says so', () => {
    load([summary(1, 10), summary(2, 20)]);
    const removed: string[] = [];
    store.removed$.subscribe(({ conversation, reason }) =>
      removed.push(`${conversation.id} ${reason}`),
    );

    realtime.push('conversation:removed', { conversationId: 'c-1' });
    expect(ids()).toEqual(['c-2']);
    expect(removed).toEqual(['c-1 removed']);
  });

  it('leaves a group: gone once the server agrees, and not news whichever answer comes first', () => {
    load([summary(1, 10, { type: 'group' }), summary(2, 20, { type: 'group' })]);
    const removed: string[] = [];
    store.removed$.subscribe(({ conversation, reason }) =>
      removed.push(`${conversation.id} ${reason}`),
    );

    store.leave('c-1').subscribe();
    const request = http.expectOne({
      method: 'DELETE',
      url: `${LIST_URL}/c-1/members/${alice.id}`,
    });
    expect(ids()).toEqual(['c-2', 'c-1']);
    // The server's event can overtake its answer.
    realtime.push('conversation:removed', { conversationId: 'c-1' });
    request.flush(null, { status: 204, statusText: 'No Content' });
    expect(ids()).toEqual(['c-2']);
    expect(removed).toEqual(['c-1 left']);

    // A failed leave keeps the group.
    store.leave('c-2').subscribe({ error: () => undefined });
    http
      .expectOne({ method: 'DELETE', url: `${LIST_URL}/c-2/members/${alice.id}` })
      .flush(null, { status: 500, statusText: 'Server Error' });
    expect(ids()).toEqual(['c-2']);
  });

  describe('group changes (system messages)', () => {
    const group = (overrides: Partial<ConversationSummaryDto> = {}) =>
      summary(1, 10, {
        type: 'group',
        title: 'Trip',
        members: [{ ...member(alice), role: 'owner' }, member(bob)],
        lastSeq: 3,
        lastReadSeq: 3,
        ...overrides,
      });
    const system = (seq: number, event: NonNullable<MessageDto['system']>) =>
      message(seq, {
        conversationId: 'c-1',
        kind: 'system',
        sender: alice,
        body: 'server text',
        system: event,
      });
    const members = () =>
      store.get('c-1')?.members.map((m) => `${m.user.username}:${m.role}:${m.lastReadSeq}`);

    it('renames, adds known people at once, changes roles and removes people', () => {
      load([group(), summary(2, 20, { members: [member(alice), member(carol)] })]);

      realtime.push(
        'message:new',
        system(4, { action: 'renamed', actorId: alice.id, title: 'Ski trip' }),
      );
      expect(store.get('c-1')?.title).toBe('Ski trip');
      expect(store.get('c-1')?.lastMessage?.seq).toBe(4);

      // Carol is known from another conversation: no fetch.
      realtime.push(
        'message:new',
        system(5, { action: 'members_added', actorId: alice.id, userIds: [carol.id] }),
      );
      expect(members()).toEqual(['alice:owner:5', 'bob:member:0', 'carol:member:4']);

      realtime.push(
        'message:new',
        system(6, { action: 'role_changed', actorId: alice.id, userIds: [bob.id], role: 'admin' }),
      );
      expect(members()).toEqual(['alice:owner:6', 'bob:admin:0', 'carol:member:4']);

      realtime.push(
        'message:new',
        system(7, { action: 'member_removed', actorId: alice.id, userIds: [carol.id] }),
      );
      expect(members()).toEqual(['alice:owner:7', 'bob:admin:0']);
    });

    it('fetches the profile of someone added whom the user has never met', () => {
      load([group()]);
      realtime.push(
        'message:new',
        system(4, { action: 'members_added', actorId: alice.id, userIds: [carol.id] }),
      );
      expect(members()).toEqual(['alice:owner:4', 'bob:member:0']);
      http.expectOne({ method: 'GET', url: `/api/v1/users/${carol.id}` }).flush(carol);
      expect(members()).toEqual(['alice:owner:4', 'bob:member:0', 'carol:member:3']);
    });

    it('hands ownership over when the owner leaves', () => {
      load([group({ members: [{ ...member(bob), role: 'owner' }, member(alice), member(carol)] })]);
      realtime.push('message:new', {
        ...system(4, { action: 'member_left', actorId: bob.id }),
        sender: bob,
      });
      realtime.push('message:new', {
        ...system(5, { action: 'ownership_transferred', actorId: bob.id, userIds: [carol.id] }),
        sender: bob,
      });
      expect(members()).toEqual(['alice:member:0', 'carol:owner:0']);
    });

    it('ignores a change the summary already includes (a message caught up after a refresh)', () => {
      load([group({ lastSeq: 5, members: [{ ...member(alice), role: 'owner' }] })]);
      realtime.push(
        'message:new',
        system(4, { action: 'members_added', actorId: alice.id, userIds: [bob.id] }),
      );
      expect(members()).toEqual(['alice:owner:4']);
    });
  });

  it('shows new names and avatars (user:updated) in members and last messages', () => {
    load([
      summary(1, 10, { members: [member(alice), member(bob)], lastMessage: message(1) }),
      summary(2, 20, { members: [member(alice), member(carol)] }),
    ]);
    const renamed = { ...bob, displayName: 'Robert', avatarUrl: 'https://example.com/b.png' };
    const other = store.get('c-2');
    store.applyUser(renamed);
    expect(store.get('c-1')?.members[1].user).toEqual(renamed);
    expect(store.get('c-1')?.lastMessage?.sender).toEqual(renamed);
    // Conversations without them are left as they were.
    expect(store.get('c-2')).toBe(other);
  });

  it('refreshes the list after a reconnection', () => {
    load([summary(1, 10), summary(2, 20)]);
    realtime.reconnect();
    http
      .expectOne((r) => r.url === LIST_URL)
      .flush({ items: [summary(3, 30), summary(2, 20)], nextCursor: null });
    // c-1 is gone (removed while offline); c-3 is new.
    expect(ids()).toEqual(['c-3', 'c-2']);
  });

  it('forgets everything when the user signs out', () => {
    jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    load([summary(1, 10, { unreadCount: 2 })]);
    TestBed.inject(SessionStore).logout();
    http.expectOne('/api/v1/auth/logout').flush(null);
    TestBed.tick();
    expect(store.conversations()).toEqual([]);
    expect(store.status()).toBe('idle');
  });

  it('opens a direct conversation through the SDK and keeps it', () => {
    load([]);
    let opened: ConversationSummaryDto | undefined;
    store.openDirect(bob.id).subscribe((c) => (opened = c));
    const request = http.expectOne({ method: 'POST', url: LIST_URL });
    expect(request.request.body).toEqual({ type: 'direct', userId: bob.id });
    request.flush(summary(1, 10));
    expect(opened?.id).toBe('c-1');
    expect(ids()).toEqual(['c-1']);
  });
});

describe('mergeSummary', () => {
  it('never moves read markers or the last message back', () => {
    const local = conversation({
      lastSeq: 6,
      lastReadSeq: 6,
      unreadCount: 0,
      lastMessage: message(6),
      members: [member(alice, 6), member(bob, 5)],
    });
    const stale = conversation({
      title: 'from the server',
      lastSeq: 5,
      lastReadSeq: 3,
      unreadCount: 2,
      lastMessage: message(5),
      members: [member(alice, 3), member(bob, 4), member(carol, 1)],
    });
    expect(mergeSummary(local, stale)).toEqual({
      ...stale,
      lastSeq: 6,
      lastReadSeq: 6,
      unreadCount: 0,
      lastMessage: message(6),
      updatedAt: local.updatedAt,
      members: [member(alice, 6), member(bob, 5), member(carol, 1)],
    });
  });
});

describe('mergeSummary of a bot reply', () => {
  it('does not take a finished reply back to streaming when a page left the server earlier', () => {
    const done = message(4, { kind: 'bot', body: '**M**', status: 'complete' });
    const local = conversation({ lastSeq: 4, lastMessage: done });
    const stale = conversation({
      lastSeq: 4,
      lastMessage: message(4, { kind: 'bot', body: '', status: 'streaming' }),
    });
    expect(mergeSummary(local, stale).lastMessage).toEqual(done);
  });
});

describe('mergeFirstPage', () => {
  const current = new Map([1, 2, 3, 4].map((n) => [`c-${n}`, summary(n, n * 10)]));

  it('replaces everything when the page is the whole list', () => {
    const next = mergeFirstPage(current, { items: [summary(4, 40)], nextCursor: null });
    expect([...next.keys()]).toEqual(['c-4']);
  });

  it('keeps older loaded pages, drops what is missing from the span the page covers', () => {
    const next = mergeFirstPage(current, {
      items: [summary(5, 50), summary(3, 30)],
      nextCursor: 'more',
    });
    // c-4 (newer than c-3 yet absent) is gone; c-1 and c-2 belong to later pages.
    expect([...next.keys()].sort()).toEqual(['c-1', 'c-2', 'c-3', 'c-5']);
  });
});
