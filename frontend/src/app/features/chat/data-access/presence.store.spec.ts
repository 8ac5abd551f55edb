import { HttpRequest, provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  TestRequest,
} from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';

import { PresenceDto } from '../../../core/api/model';
import { SessionStore } from '../../../core/auth/session.store';
import { alice, storeSession } from '../../../core/auth/session.testing';
import { FakeRealtimeService, provideFakeRealtime } from '../../../core/realtime/realtime.testing';
import { ChatRealtime } from './chat-realtime';
import { bob, carol } from './chat.testing';
import { PRESENCE_BATCH_SIZE, PresenceStore } from './presence.store';

const online = (lastSeenAt = '2026-03-12T10:00:00.000Z'): PresenceDto => ({
  status: 'online',
  lastSeenAt,
});
const offline = (lastSeenAt: string | null = '2026-03-12T09:00:00.000Z'): PresenceDto => ({
  status: 'offline',
  lastSeenAt,
});

describe('PresenceStore', () => {
  let store: PresenceStore;
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
    // Routes the fake socket's events into the stores, as the chat page does.
    TestBed.inject(ChatRealtime);
    store = TestBed.inject(PresenceStore);
  });

  afterEach(() => http.verify());

  const isPresence = (r: HttpRequest<unknown>) =>
    r.method === 'GET' && r.url === '/api/v1/presence';
  /** The ids a presence call asked about. */
  const askedIds = (request: TestRequest) =>
    request.request.params.getAll('userIds')!.flatMap((value) => String(value).split(','));

  it('loads the presence of the users asked about, once, without the user', () => {
    store.track([bob.id, carol.id, alice.id, bob.id]);
    const request = http.expectOne(isPresence);
    // One comma-separated value, as the API documents.
    expect(request.request.params.getAll('userIds')).toEqual([`${bob.id},${carol.id}`]);
    request.flush({ [bob.id]: online(), [carol.id]: offline() });

    expect(store.get(bob.id)).toEqual({ online: true, lastSeenAt: '2026-03-12T10:00:00.000Z' });
    expect(store.get(carol.id)).toEqual({ online: false, lastSeenAt: '2026-03-12T09:00:00.000Z' });
    expect(store.isOnline(bob.id)).toBe(true);
    expect(store.onlineIds()).toEqual(new Set([bob.id]));

    // Known already: not asked again.
    store.track([bob.id, carol.id]);
    http.expectNone(isPresence);
  });

  it('asks in batches of at most 100 users', () => {
    const ids = Array.from({ length: 250 }, (_, i) => `user-${i}`);
    store.track(ids);
    const requests = http.match(isPresence);
    expect(requests.map((r) => askedIds(r).length)).toEqual([PRESENCE_BATCH_SIZE, 100, 50]);
    expect(requests.flatMap(askedIds)).toEqual(ids);
    requests.forEach((r) => r.flush({}));
  });

  it('leaves unknown those the server leaves out, and asks again after a failure', () => {
    store.track([bob.id, carol.id]);
    http.expectOne(isPresence).flush({ [bob.id]: online() });
    expect(store.get(carol.id)).toBeUndefined();
    expect(store.isOnline(carol.id)).toBe(false);

    store.track(['someone']);
    http.expectOne(isPresence).flush(null, { status: 500, statusText: 'Server Error' });
    store.track(['someone']);
    expect(askedIds(http.expectOne(isPresence))).toEqual(['someone']);
  });

  it('asks again about someone left out once a conversation with them may exist', () => {
    // Found in "New chat": a stranger, left out.
    store.track([bob.id]);
    const first = http.expectOne(isPresence);
    // Meanwhile the conversation with him is made: the list asks too.
    store.track([bob.id]);
    http.expectNone(isPresence);
    first.flush({});
    // The answer left the server before the conversation: once more.
    http.expectOne(isPresence).flush({ [bob.id]: online() });
    expect(store.isOnline(bob.id)).toBe(true);

    // A stranger for good: asked about at each call, not in a loop.
    store.track([carol.id]);
    http.expectOne(isPresence).flush({});
    http.expectNone(isPresence);
    store.track([carol.id]);
    http.expectOne(isPresence).flush({});
  });

  it('applies presence events live', () => {
    store.track([bob.id]);
    http.expectOne(isPresence).flush({ [bob.id]: offline() });

    realtime.push('presence', {
      userId: bob.id,
      status: 'online',
      lastSeenAt: '2026-03-12T11:00:00Z',
    });
    expect(store.isOnline(bob.id)).toBe(true);

    realtime.push('presence', {
      userId: bob.id,
      status: 'offline',
      lastSeenAt: '2026-03-12T11:05:00Z',
    });
    expect(store.get(bob.id)).toEqual({ online: false, lastSeenAt: '2026-03-12T11:05:00Z' });
    expect(store.onlineIds().size).toBe(0);

    // The user's own presence (another tab) is not tracked: they are here.
    realtime.push('presence', { userId: alice.id, status: 'offline', lastSeenAt: null });
    expect(store.get(alice.id)).toBeUndefined();
  });

  it('keeps an event over an answer that left the server before it', () => {
    store.track([bob.id]);
    const request = http.expectOne(isPresence);
    realtime.push('presence', {
      userId: bob.id,
      status: 'online',
      lastSeenAt: '2026-03-12T11:00:00Z',
    });
    request.flush({ [bob.id]: offline() });
    expect(store.isOnline(bob.id)).toBe(true);
  });

  it('loads everyone again after a reconnection: events may have been missed', () => {
    store.track([bob.id, carol.id]);
    http.expectOne(isPresence).flush({ [bob.id]: online(), [carol.id]: online() });

    realtime.state.set('reconnecting');
    realtime.reconnect();
    const request = http.expectOne(isPresence);
    expect(askedIds(request).sort()).toEqual([bob.id, carol.id].sort());
    request.flush({ [bob.id]: online(), [carol.id]: offline('2026-03-12T11:30:00.000Z') });
    expect(store.onlineIds()).toEqual(new Set([bob.id]));
    expect(store.get(carol.id)?.lastSeenAt).toBe('2026-03-12T11:30:00.000Z');
  });

  it('forgets everything when the user signs out', () => {
    jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    store.track([bob.id]);
    http.expectOne(isPresence).flush({ [bob.id]: online() });

    TestBed.inject(SessionStore).logout();
    http.expectOne('/api/v1/auth/logout').flush(null);
    TestBed.tick();
    expect(store.get(bob.id)).toBeUndefined();
    // Nothing left to load again.
    realtime.reconnect();
    http.expectNone(isPresence);
  });
});
