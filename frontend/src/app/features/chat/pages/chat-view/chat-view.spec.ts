import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, DeferBlockBehavior, TestBed } from '@angular/core/testing';
import { MatSnackBar } from '@angular/material/snack-bar';
import { provideRouter, Router } from '@angular/router';

import { MessageDto } from '../../../../core/api/model';
import { storeSession } from '../../../../core/auth/session.testing';
import {
  FakeRealtimeService,
  provideFakeRealtime,
} from '../../../../core/realtime/realtime.testing';
import {
  alice,
  bob,
  bot,
  carol,
  CONVERSATION_ID,
  conversation,
  member,
  message,
} from '../../data-access/chat.testing';
import { ChatRealtime } from '../../data-access/chat-realtime';
import { Clock } from '../../data-access/clock';
import { ConversationsStore } from '../../data-access/conversations.store';
import { MessagesStore } from '../../data-access/messages.store';
import { PinsStore } from '../../pins/data-access/pins.store';
import { SavedStore } from '../../saved/data-access/saved.store';
import { ChatView } from './chat-view';

const MESSAGES_URL = `/api/v1/conversations/${CONVERSATION_ID}/messages`;

const question = message(1, { sender: alice, body: "I'm 180 cm and 75 kg, which T-shirt size?" });
const reply = (overrides: Partial<MessageDto> = {}) =>
  message(2, {
    sender: bot,
    kind: 'bot',
    replyToId: 'm-1',
    clientMessageId: 'bot-reply:m-1',
    body: '',
    status: 'streaming',
    ...overrides,
  });

/** Pins and saved messages have their own specs: nothing is pinned or saved here. */
const NO_PINS_OR_SAVED = [
  {
    provide: PinsStore,
    useValue: {
      of: () => ({ status: 'ready', error: null, items: [] }),
      isPinned: () => false,
      load: () => undefined,
    },
  },
  { provide: SavedStore, useValue: { isSaved: () => false, load: () => undefined } },
];

describe('ChatView with a bot', () => {
  let fixture: ComponentFixture<ChatView>;
  let http: HttpTestingController;
  let realtime: FakeRealtimeService;
  let snackBar: jest.SpyInstance;

  async function open(
    messages: MessageDto[],
    members = [member(alice), member(bot)],
  ): Promise<void> {
    localStorage.clear();
    storeSession();
    realtime = new FakeRealtimeService();
    TestBed.configureTestingModule({
      // The scheduled strip (a deferred block) stays out: it has its own tests.
      deferBlockBehavior: DeferBlockBehavior.Manual,
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideFakeRealtime(realtime),
        ...NO_PINS_OR_SAVED,
      ],
    });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(ChatRealtime);
    snackBar = jest.spyOn(TestBed.inject(MatSnackBar), 'open');
    TestBed.inject(ConversationsStore).upsert(conversation({ members, lastSeq: messages.length }));
    fixture = TestBed.createComponent(ChatView);
    fixture.componentRef.setInput('id', CONVERSATION_ID);
    await fixture.whenStable();
    http.expectOne((r) => r.url === MESSAGES_URL).flush({ items: messages, hasMore: false });
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  const root = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => root().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const botMessage = () =>
    root().querySelector<HTMLElement>('[data-testid="message"][data-status]')!;
  const delta = (text: string) =>
    realtime.push('message:delta', {
      conversationId: CONVERSATION_ID,
      messageId: 'm-2',
      delta: text,
    });

  it('marks a shop visitor with a Visitor badge in the header and on their messages', async () => {
    const visitor = { ...carol, displayName: 'Visitor 7f3a', serverRole: 'guest' as const };
    await open(
      [
        message(1, { sender: visitor, body: 'Can I talk to a person?' }),
        reply({ status: 'complete', body: 'Sure.' }),
      ],
      [member(alice), member(bot), member(visitor)],
    );
    expect(root().querySelectorAll('header [data-testid="visitor-badge"]').length).toBe(1);
    const visitorLine = root().querySelector<HTMLElement>('[data-testid="message"]')!;
    expect(visitorLine.querySelector('[data-testid="message-sender"]')?.textContent).toContain(
      'VISITOR',
    );
    expect(root().querySelectorAll('[data-testid="visitor-badge"]')).toHaveLength(2);
  });

  it('shows typing dots, then the reply growing as Markdown with a caret, then done', async () => {
    await open([question]);
    realtime.push('message:new', reply());
    await fixture.whenStable();
    expect(botMessage().getAttribute('data-status')).toBe('streaming');
    expect(botMessage().querySelector('[data-testid="reply-typing"]')).not.toBeNull();
    expect(byTestId('replying-label')?.textContent).toBe('SizeBot is replying…');
    expect(byTestId('replying-indicator')?.textContent).toBe('SizeBot is replying…');

    delta('Your size is **M');
    await fixture.whenStable();
    delta('** <img src=x onerror=alert(1)>');
    await fixture.whenStable();
    const body = botMessage().querySelector('[data-testid="message-body"]') as HTMLElement;
    expect(body.querySelector('strong')?.textContent).toBe('M');
    expect(body.querySelector('img')).toBeNull();
    expect(body.querySelector('p > .md-caret')).not.toBeNull();
    expect(botMessage().querySelector('[data-testid="reply-typing"]')).toBeNull();
    // No quote: the reply answers the message right before it.
    expect(botMessage().querySelector('[data-testid="reply-quote"]')).toBeNull();

    realtime.push('message:updated', reply({ body: 'Your size is **M**.', status: 'complete' }));
    await fixture.whenStable();
    expect(botMessage().getAttribute('data-status')).toBe('complete');
    expect(body.isConnected).toBe(true);
    expect(botMessage().querySelector('.md-caret')).toBeNull();
    expect(byTestId('stop-reply')).toBeNull();
    expect(byTestId('replying-label')).toBeNull();
    expect(botMessage().textContent).toContain('Your size is M.');
  });

  it('stops a streaming reply through the SDK, showing progress until it ends', async () => {
    await open([question, reply({ body: 'Half' })]);
    byTestId('stop-reply')?.click();
    await fixture.whenStable();
    const request = http.expectOne({ method: 'POST', url: '/api/v1/messages/m-2/stop' });
    expect(byTestId('stop-reply')?.textContent).toContain('Stopping…');
    expect((byTestId('stop-reply') as HTMLButtonElement).disabled).toBe(true);

    request.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    expect(byTestId('stop-reply')?.textContent).toContain('Stopping…');
    realtime.push('message:updated', reply({ body: 'Half', status: 'complete' }));
    await fixture.whenStable();
    expect(byTestId('stop-reply')).toBeNull();
  });

  it('shows why a reply failed and retries it through the SDK', async () => {
    await open([
      question,
      reply({ body: '', status: 'failed', failureReason: 'The model server answered 500' }),
    ]);
    expect(byTestId('reply-failure')?.textContent).toContain('The model server answered 500');
    expect(byTestId('stop-reply')).toBeNull();

    byTestId('retry-reply')?.click();
    await fixture.whenStable();
    const request = http.expectOne({ method: 'POST', url: '/api/v1/messages/m-2/retry' });
    expect(byTestId('retry-reply')?.textContent).toContain('Retrying…');

    realtime.push('message:updated', reply());
    request.flush(null, { status: 202, statusText: 'Accepted' });
    await fixture.whenStable();
    expect(byTestId('reply-failure')).toBeNull();
    expect(byTestId('retry-reply')).toBeNull();
    expect(byTestId('stop-reply')).not.toBeNull();
    delta('Again');
    await fixture.whenStable();
    expect(botMessage().textContent).toContain('Again');
  });

  it('marks a stopped reply Stopped and regenerates it in the same message', async () => {
    await open([question, reply({ body: 'Half an ans', status: 'stopped' })]);
    expect(byTestId('reply-stopped')?.textContent).toContain('Stopped');
    expect(byTestId('retry-reply')?.textContent).toContain('Regenerate');

    byTestId('retry-reply')?.click();
    await fixture.whenStable();
    const request = http.expectOne({ method: 'POST', url: '/api/v1/messages/m-2/retry' });
    expect(byTestId('retry-reply')?.textContent).toContain('Regenerating…');
    realtime.push('message:updated', reply());
    request.flush(null, { status: 202, statusText: 'Accepted' });
    await fixture.whenStable();
    expect(byTestId('reply-stopped')).toBeNull();
    delta('A whole answer');
    await fixture.whenStable();
    realtime.push('message:updated', reply({ body: 'A whole answer', status: 'complete' }));
    await fixture.whenStable();
    expect(root().querySelectorAll('[data-testid="message"][data-status]')).toHaveLength(1);
    expect(botMessage().textContent).toContain('A whole answer');
    expect(botMessage().textContent).not.toContain('Half an ans');
    expect(byTestId('retry-reply')).toBeNull();
  });

  it('says so in a snack bar when Retry is refused', async () => {
    await open([question, reply({ status: 'failed', failureReason: 'Timed out' })]);
    byTestId('retry-reply')?.click();
    http
      .expectOne({ method: 'POST', url: '/api/v1/messages/m-2/retry' })
      .flush(
        { statusCode: 409, message: 'only a failed reply can be retried' },
        { status: 409, statusText: 'Conflict' },
      );
    await fixture.whenStable();
    expect(snackBar).toHaveBeenCalledWith(
      "Couldn't retry the reply. Only a failed reply can be retried.",
      undefined,
      { duration: 4000 },
    );
    expect(byTestId('retry-reply')?.textContent).toContain('Retry');
    expect((byTestId('retry-reply') as HTMLButtonElement).disabled).toBe(false);
  });

  it('says it is reconnecting only once a reconnect lasts, and offline at once', async () => {
    await open([]);
    jest.useFakeTimers();
    try {
      const banner = () => {
        TestBed.tick();
        return byTestId('reconnect-banner');
      };
      // A socket reconnecting with a refreshed token is back before anyone needs telling.
      realtime.state.set('reconnecting');
      expect(banner()).toBeNull();
      jest.advanceTimersByTime(1_000);
      realtime.state.set('connected');
      expect(banner()).toBeNull();
      jest.advanceTimersByTime(1_000);
      expect(banner()).toBeNull();

      realtime.state.set('reconnecting');
      expect(banner()).toBeNull();
      jest.advanceTimersByTime(1_500);
      expect(banner()?.textContent).toContain('Reconnecting');
      realtime.state.set('connected');
      expect(banner()).toBeNull();

      realtime.state.set('offline');
      expect(banner()?.textContent).toContain("You're offline");
    } finally {
      jest.useRealTimers();
    }
  });

  it('offers questions to start an empty chat with a bot, and sends the one chosen', async () => {
    await open([]);
    expect(byTestId('chat-empty')?.textContent).toContain('SizeBot');
    const prompt = byTestId('bot-prompt') as HTMLButtonElement;
    expect(prompt.textContent?.trim()).toBe("I'm 180 cm and 75 kg, which T-shirt size?");
    prompt.click();
    // The outbox stores the message, then sends it.
    for (let turn = 0; turn < 100 && realtime.sent('message:send').length === 0; turn++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const [sent] = realtime.sent('message:send');
    expect(sent.payload.body).toBe("I'm 180 cm and 75 kg, which T-shirt size?");
  });
});

describe('ChatView with a person', () => {
  let fixture: ComponentFixture<ChatView>;
  let http: HttpTestingController;
  let realtime: FakeRealtimeService;
  let navigate: jest.SpyInstance;
  const now = signal(Date.parse('2026-03-12T12:00:00.000Z'));

  async function open(
    summary = conversation({ lastSeq: 3, lastMessage: message(3) }),
    at?: string,
  ): Promise<void> {
    localStorage.clear();
    storeSession();
    realtime = new FakeRealtimeService();
    TestBed.configureTestingModule({
      // The scheduled strip (a deferred block) stays out: it has its own tests.
      deferBlockBehavior: DeferBlockBehavior.Manual,
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideFakeRealtime(realtime),
        ...NO_PINS_OR_SAVED,
        { provide: Clock, useValue: { now: now.asReadonly() } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    TestBed.inject(ChatRealtime);
    TestBed.inject(ConversationsStore).upsert(summary);
    fixture = TestBed.createComponent(ChatView);
    fixture.componentRef.setInput('id', CONVERSATION_ID);
    if (at !== undefined) fixture.componentRef.setInput('at', at);
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  const root = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => root().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const subtitle = () => byTestId('chat-subtitle')?.textContent?.trim();
  const presence = (userId: string, status: 'online' | 'offline', lastSeenAt: string) =>
    realtime.push('presence', { userId, status, lastSeenAt });
  const range = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => message(from + i));

  describe('header', () => {
    beforeEach(async () => {
      await open();
      http.expectOne((r) => r.url === MESSAGES_URL).flush({ items: range(1, 3), hasMore: false });
      await fixture.whenStable();
    });

    it('says online with a dot, then when they were last seen, moving on with the time', async () => {
      // Until their presence is known: their username.
      expect(subtitle()).toBe('@bob');
      expect(byTestId('presence-dot')).toBeNull();

      presence(bob.id, 'online', '2026-03-12T11:00:00.000Z');
      await fixture.whenStable();
      expect(subtitle()).toBe('online');
      expect(byTestId('presence-dot')?.getAttribute('aria-label')).toBe('Online');

      presence(bob.id, 'offline', '2026-03-12T11:59:30.000Z');
      await fixture.whenStable();
      expect(subtitle()).toBe('last seen just now');
      expect(byTestId('presence-dot')).toBeNull();

      now.set(Date.parse('2026-03-12T12:05:00.000Z'));
      await fixture.whenStable();
      expect(subtitle()).toMatch(/^last seen 5 (minutes|min\.?) ago$/);
    });

    it('says who is typing rather than their presence', async () => {
      presence(bob.id, 'online', '2026-03-12T11:00:00.000Z');
      realtime.push('typing', { conversationId: CONVERSATION_ID, userId: bob.id, isTyping: true });
      await fixture.whenStable();
      expect(byTestId('typing-indicator')?.textContent).toBe('Bob Builder is typing…');
      expect(byTestId('chat-subtitle')).toBeNull();
    });
  });

  it('counts the group members online, the user among them', async () => {
    await open(
      conversation({
        type: 'group',
        title: 'Team',
        members: [member(alice), member(bob), member(carol)],
      }),
    );
    http.expectOne((r) => r.url === MESSAGES_URL).flush({ items: [], hasMore: false });
    presence(carol.id, 'online', '2026-03-12T11:00:00.000Z');
    await fixture.whenStable();
    expect(subtitle()).toBe('3 members, 2 online');
  });

  it('shows group changes as lines in the reader’s terms, following names and members', async () => {
    const system = (seq: number, event: NonNullable<MessageDto['system']>) =>
      message(seq, { kind: 'system', sender: bob, body: `server line ${seq}`, system: event });
    await open(
      conversation({
        type: 'group',
        title: 'Trip',
        members: [member(alice), { ...member(bob), role: 'owner' }, member(carol)],
        lastSeq: 2,
      }),
    );
    http
      .expectOne((r) => r.url === MESSAGES_URL)
      .flush({
        items: [
          system(1, {
            action: 'created',
            actorId: bob.id,
            title: 'Trip',
            userIds: [alice.id, carol.id],
          }),
          message(2, { sender: carol, body: 'Hello' }),
        ],
        hasMore: false,
      });
    await fixture.whenStable();
    const lines = () =>
      Array.from(root().querySelectorAll('[data-testid="system-line"]')).map((line) =>
        line.textContent?.trim(),
      );
    expect(lines()).toEqual(['Bob Builder created the group “Trip” with you and Carol Danvers']);
    // Not a message: no bubble, no actions, no ticks.
    const line = root().querySelector('[data-testid="system-line"]')!;
    expect(line.querySelector('[data-testid="message-menu-button"]')).toBeNull();
    expect(root().querySelectorAll('[data-testid="message"]')).toHaveLength(1);

    realtime.push(
      'message:new',
      system(3, { action: 'member_removed', actorId: bob.id, userIds: [carol.id] }),
    );
    realtime.push(
      'message:new',
      system(4, { action: 'role_changed', actorId: bob.id, userIds: [alice.id], role: 'admin' }),
    );
    realtime.push('user:updated', { ...bob, displayName: 'Robert' });
    await fixture.whenStable();
    expect(lines()).toEqual([
      'Robert created the group “Trip” with you and Carol Danvers',
      // Carol is no longer a member: her name is still known.
      'Robert removed Carol Danvers',
      'Robert made you an admin',
    ]);
    expect(subtitle()).toBe('2 members, 1 online');
  });

  it('shows what the user wrote offline under the error, and loads by itself once connected', async () => {
    await open();
    realtime.state.set('offline');
    http.expectOne((r) => r.url === MESSAGES_URL).error(new ProgressEvent('error'), { status: 0 });
    await TestBed.inject(MessagesStore).send(CONVERSATION_ID, 'written offline');
    await fixture.whenStable();
    expect(root().querySelector('app-error-state')).not.toBeNull();
    const pending = root().querySelector('[data-testid="message"][data-state="pending"]');
    expect(pending?.textContent).toContain('written offline');

    realtime.reconnect();
    http.expectOne((r) => r.url === MESSAGES_URL).flush({ items: range(1, 3), hasMore: false });
    await fixture.whenStable();
    expect(root().querySelector('app-error-state')).toBeNull();
    expect(root().querySelectorAll('[data-testid="message"]')).toHaveLength(4);
  });

  it('fetches a conversation it could not fetch again once connected', async () => {
    localStorage.clear();
    storeSession();
    realtime = new FakeRealtimeService();
    TestBed.configureTestingModule({
      // The scheduled strip (a deferred block) stays out: it has its own tests.
      deferBlockBehavior: DeferBlockBehavior.Manual,
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideFakeRealtime(realtime),
        ...NO_PINS_OR_SAVED,
      ],
    });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(ChatRealtime);
    fixture = TestBed.createComponent(ChatView);
    fixture.componentRef.setInput('id', CONVERSATION_ID);
    await fixture.whenStable();
    const summaryUrl = `/api/v1/conversations/${CONVERSATION_ID}`;
    http.expectOne(summaryUrl).error(new ProgressEvent('error'), { status: 0 });
    http.expectOne((r) => r.url === MESSAGES_URL).error(new ProgressEvent('error'), { status: 0 });
    await fixture.whenStable();
    expect(root().textContent).toContain("Couldn't load this conversation");

    realtime.reconnect();
    http.expectOne(summaryUrl).flush(conversation({ lastSeq: 3, lastMessage: message(3) }));
    http.expectOne((r) => r.url === MESSAGES_URL).flush({ items: range(1, 3), hasMore: false });
    await fixture.whenStable();
    expect(byTestId('chat-title')?.textContent).toContain('Bob Builder');
  });

  it('opens at the message of ?at=, flashed, and drops the ?at= from the address', async () => {
    Element.prototype.scrollTo = jest.fn();
    await open(conversation({ lastSeq: 500, lastMessage: message(500) }), '100');
    const around = http.expectOne((r) => r.url === MESSAGES_URL);
    expect(around.request.params.get('aroundSeq')).toBe('100');
    expect(navigate).toHaveBeenCalledWith(
      [],
      expect.objectContaining({
        queryParams: { at: null },
        replaceUrl: true,
      }),
    );
    around.flush({ items: range(75, 124), hasMore: true, hasMoreAfter: true });
    await fixture.whenStable();

    const target = root().querySelector('[data-testid="message"][data-seq="100"]');
    expect(target?.classList).toContain('highlighted');
    // Short of the newest messages: a way back to them, with room for it under the last one.
    expect(byTestId('jump-to-latest')).not.toBeNull();
    expect(byTestId('message-list')?.classList).toContain('with-jump');

    // jsdom lays nothing out: the list asks for both neighbouring pages at once.
    const neighbours = http.match((r) => r.url === MESSAGES_URL);
    expect(neighbours.map((r) => r.request.params.keys().sort().join())).toEqual(
      expect.arrayContaining(['beforeSeq,limit', 'afterSeq,limit']),
    );

    // The address without ?at= leaves the window where it is.
    fixture.componentRef.setInput('at', undefined);
    await fixture.whenStable();
    http.expectNone((r) => r.url === MESSAGES_URL);

    byTestId('jump-to-latest')?.click();
    await fixture.whenStable();
    // What was loading for the window is cancelled.
    expect(neighbours.every((r) => r.cancelled)).toBe(true);
    http
      .expectOne((r) => r.url === MESSAGES_URL && r.params.keys().join() === 'limit')
      .flush({ items: range(451, 500), hasMore: true });
    await fixture.whenStable();
    http
      .match((r) => r.url === MESSAGES_URL)
      .forEach((r) => r.flush({ items: [], hasMore: false }));
    expect(root().querySelector('[data-seq="500"]')).not.toBeNull();
    expect(root().querySelector('.highlighted')).toBeNull();
  });
});
