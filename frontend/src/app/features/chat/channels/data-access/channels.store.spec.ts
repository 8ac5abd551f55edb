import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { ChannelDto } from '../../../../core/api/model';
import { alice, authResponse, storeSession } from '../../../../core/auth/session.testing';
import { provideFakeRealtime } from '../../../../core/realtime/realtime.testing';
import { bob, conversation, member } from '../../data-access/chat.testing';
import { ConversationsStore } from '../../data-access/conversations.store';
import { ChannelsStore } from './channels.store';

const LIST_URL = '/api/v1/channels';

function channel(n: number, overrides: Partial<ChannelDto> = {}): ChannelDto {
  return {
    id: `ch-${n}`,
    title: `channel-${n}`,
    topic: null,
    memberCount: 2,
    joined: false,
    archived: false,
    ...overrides,
  };
}

describe('ChannelsStore', () => {
  let http: HttpTestingController;

  function setUp(role: 'admin' | 'member' | 'guest' = 'member'): ChannelsStore {
    localStorage.clear();
    storeSession(authResponse('1', { ...alice, serverRole: role }));
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideFakeRealtime(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    return TestBed.inject(ChannelsStore);
  }

  afterEach(() => http.verify());

  it('searches by title, trimmed, and lets a newer search win over a slower one', () => {
    const store = setUp();
    store.search('');
    const first = http.expectOne((r) => r.url === LIST_URL);
    expect(first.request.params.has('query')).toBe(false);
    expect(store.status()).toBe('loading');

    store.search('  eng ');
    expect(first.cancelled).toBe(true);
    const second = http.expectOne((r) => r.url === LIST_URL);
    expect(second.request.params.get('query')).toBe('eng');
    second.flush({ items: [channel(1, { title: 'engineering' })], nextCursor: null });

    expect(store.status()).toBe('ready');
    expect(store.items().map((c) => c.title)).toEqual(['engineering']);
    expect(store.query()).toBe('  eng ');
  });

  it('loads more pages with the cursor and the same query, without doubles', () => {
    const store = setUp();
    store.search('a');
    http
      .expectOne((r) => r.url === LIST_URL)
      .flush({ items: [channel(1), channel(2)], nextCursor: 'next' });
    expect(store.hasMore()).toBe(true);

    store.loadMore();
    const more = http.expectOne((r) => r.url === LIST_URL);
    expect(more.request.params.get('cursor')).toBe('next');
    expect(more.request.params.get('query')).toBe('a');
    more.flush({ items: [channel(2), channel(3)], nextCursor: null });

    expect(store.items().map((c) => c.id)).toEqual(['ch-1', 'ch-2', 'ch-3']);
    expect(store.hasMore()).toBe(false);
  });

  it('says what failed and retries the same search', () => {
    const store = setUp();
    store.search('ops');
    http
      .expectOne((r) => r.url === LIST_URL)
      .flush(null, { status: 503, statusText: 'Service Unavailable' });
    expect(store.status()).toBe('error');
    expect(store.error()).toContain("Couldn't load the channels");

    store.retry();
    const again = http.expectOne((r) => r.url === LIST_URL);
    expect(again.request.params.get('query')).toBe('ops');
    again.flush({ items: [], nextCursor: null });
    expect(store.status()).toBe('ready');
  });

  it('joins: the channel shows joined with its new member count and lands in the conversation list', () => {
    const store = setUp();
    const conversations = TestBed.inject(ConversationsStore);
    store.search('');
    http.expectOne((r) => r.url === LIST_URL).flush({ items: [channel(1)], nextCursor: null });

    let joinedId: string | null = null;
    store.join('ch-1').subscribe((summary) => (joinedId = summary.id));
    expect(store.joining().has('ch-1')).toBe(true);
    const join = http.expectOne('/api/v1/conversations/ch-1/join');
    expect(join.request.method).toBe('POST');
    join.flush(
      conversation({
        id: 'ch-1',
        type: 'channel',
        title: 'channel-1',
        members: [member(alice), member(bob), member({ ...bob, id: 'someone-else' })],
      }),
    );

    expect(joinedId).toBe('ch-1');
    expect(store.joining().size).toBe(0);
    expect(store.items()[0]).toMatchObject({ joined: true, memberCount: 3 });
    expect(conversations.get('ch-1')?.type).toBe('channel');
  });

  it('a failed join leaves the channel as it was', () => {
    const store = setUp();
    store.search('');
    http.expectOne((r) => r.url === LIST_URL).flush({ items: [channel(1)], nextCursor: null });

    let failed = false;
    store.join('ch-1').subscribe({ error: () => (failed = true) });
    http
      .expectOne('/api/v1/conversations/ch-1/join')
      .flush(null, { status: 404, statusText: 'Not Found' });

    expect(failed).toBe(true);
    expect(store.joining().size).toBe(0);
    expect(store.items()[0]).toMatchObject({ joined: false, memberCount: 2 });
  });

  it('creates a channel with its topic, first in the list and in the conversations', () => {
    const store = setUp('admin');
    const conversations = TestBed.inject(ConversationsStore);
    expect(store.canCreate()).toBe(true);

    store.create('design', 'Pixels').subscribe();
    const create = http.expectOne('/api/v1/conversations');
    expect(create.request.body).toEqual({ type: 'channel', title: 'design', topic: 'Pixels' });
    create.flush(conversation({ id: 'ch-9', type: 'channel', title: 'design', topic: 'Pixels' }));

    expect(store.items()[0]).toMatchObject({ id: 'ch-9', joined: true, topic: 'Pixels' });
    expect(conversations.get('ch-9')?.title).toBe('design');
  });

  it('hides Create channel from a member once the server refuses it, and from guests', () => {
    const store = setUp('member');
    expect(store.canCreate()).toBe(true);
    store.create('random', '').subscribe({ error: () => undefined });
    const create = http.expectOne('/api/v1/conversations');
    expect(create.request.body).toEqual({ type: 'channel', title: 'random' });
    create.flush(
      { statusCode: 403, error: 'Forbidden', message: 'Only admins can create channels' },
      { status: 403, statusText: 'Forbidden' },
    );
    expect(store.canCreate()).toBe(false);

    TestBed.resetTestingModule();
    expect(setUp('guest').canCreate()).toBe(false);
  });
});
