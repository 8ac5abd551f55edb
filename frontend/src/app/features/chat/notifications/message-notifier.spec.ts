import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { provideRouter, Router } from '@angular/router';

import { MessageDto } from '../../../core/api/model';
import { storeSession } from '../../../core/auth/session.testing';
import {
  fakeNotificationApi,
  FakeNotificationApi,
  provideFakeNotifications,
} from '../../../core/notifications/notifications.testing';
import { FakeRealtimeService, provideFakeRealtime } from '../../../core/realtime/realtime.testing';
import { ChatRealtime } from '../data-access/chat-realtime';
import {
  alice,
  bob,
  bot,
  carol,
  conversation,
  CONVERSATION_ID,
  member,
  message,
} from '../data-access/chat.testing';
import { ConversationsStore } from '../data-access/conversations.store';
import { MessageNotifier, notificationFor } from './message-notifier';

describe('notificationFor', () => {
  const direct = conversation();

  it('names the sender (and the group) and gives the first line without its marks', () => {
    const group = conversation({
      type: 'group',
      title: 'Tailors',
      members: [member(alice), member(bob), member(carol)],
    });
    const text = message(1, { body: '**Fitting** at `10:00`\nbring the chart' });
    expect(notificationFor(text, direct, alice.id)).toEqual({
      title: 'Bob Builder',
      body: 'Fitting at 10:00',
    });
    expect(notificationFor(text, group, alice.id)?.title).toBe('Bob Builder in Tailors');
    expect(
      notificationFor(message(2, { body: 'x'.repeat(300) }), direct, alice.id)?.body,
    ).toHaveLength(120);
  });

  it('tells nothing of the user’s own messages, system lines, deletions or unfinished replies', () => {
    expect(notificationFor(message(1, { sender: alice }), direct, alice.id)).toBeNull();
    expect(notificationFor(message(1, { kind: 'system' }), direct, alice.id)).toBeNull();
    const deleted = message(1, { body: null, deletedAt: '2026-03-12T10:05:00.000Z' });
    expect(notificationFor(deleted, direct, alice.id)).toBeNull();
    const streaming = message(1, { sender: bot, kind: 'bot', status: 'streaming', body: '' });
    expect(notificationFor(streaming, direct, alice.id)).toBeNull();
  });
});

describe('notificationFor in a muted conversation', () => {
  const muted = conversation({
    type: 'group',
    title: 'Tailors',
    members: [member(alice), member(bob), member(carol)],
    muted: true,
  });

  it('tells only a direct @mention of the user, not @here or a mention of someone else', () => {
    expect(notificationFor(message(1), muted, alice.id)).toBeNull();
    expect(notificationFor(message(2, { mentionsHere: true }), muted, alice.id)).toBeNull();
    expect(notificationFor(message(3, { mentions: [carol.id] }), muted, alice.id)).toBeNull();
    expect(notificationFor(message(4, { mentions: [alice.id] }), muted, alice.id)).toEqual({
      title: 'Bob Builder in Tailors',
      body: 'message 4',
    });
    expect(notificationFor(message(5), { ...muted, muted: false }, alice.id)).not.toBeNull();
  });
});

describe('MessageNotifier', () => {
  let realtime: FakeRealtimeService;
  let fake: FakeNotificationApi;
  let visibility: DocumentVisibilityState;
  let store: ConversationsStore;

  beforeEach(() => {
    localStorage.clear();
    storeSession();
    visibility = 'hidden';
    jest.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
    realtime = new FakeRealtimeService();
    fake = fakeNotificationApi('granted');
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideFakeRealtime(realtime),
        provideFakeNotifications(fake),
      ],
    });
    TestBed.inject(ChatRealtime);
    TestBed.inject(MessageNotifier);
    store = TestBed.inject(ConversationsStore);
    store.upsert(conversation());
  });

  afterEach(() => jest.restoreAllMocks());

  const arrive = (seq: number, overrides: Partial<MessageDto> = {}) =>
    realtime.push('message:new', message(seq, overrides));

  it('tells of each new message while the tab is hidden, one notification per conversation', () => {
    arrive(1, { body: 'Lunch?' });
    arrive(2, { body: '_Now?_' });
    expect(fake.shown.map((n) => [n.title, n.options.body, n.options.tag])).toEqual([
      ['Bob Builder', 'Lunch?', CONVERSATION_ID],
      ['Bob Builder', 'Now?', CONVERSATION_ID],
    ]);
  });

  it('stays quiet while the tab shows, for the user’s own messages and system lines', () => {
    visibility = 'visible';
    arrive(1);
    visibility = 'hidden';
    arrive(2, { sender: alice });
    arrive(3, { kind: 'system', body: 'bob added carol' });
    expect(fake.shown).toEqual([]);
  });

  it('stays quiet when the user turned notifications off or never turned them on', () => {
    localStorage.setItem('chat.notifications.off', '1');
    TestBed.resetTestingModule();
    fake = fakeNotificationApi('default');
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideFakeRealtime(realtime),
        provideFakeNotifications(fake),
      ],
    });
    TestBed.inject(MessageNotifier);
    arrive(1);
    expect(fake.shown).toEqual([]);
    expect(fake.asked).toBe(0);
  });

  it('tells of a bot’s reply once it is complete, not while it is written', () => {
    const reply = message(1, { sender: bot, kind: 'bot', status: 'streaming', body: '' });
    realtime.push('message:new', reply);
    expect(fake.shown).toEqual([]);
    realtime.push('message:updated', { ...reply, status: 'complete', body: '**M** fits' });
    expect(fake.shown.map((n) => [n.title, n.options.body])).toEqual([['SizeBot', 'M fits']]);
  });

  it('opens the conversation in this tab when clicked', () => {
    const focus = jest.spyOn(window, 'focus').mockImplementation(() => undefined);
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    arrive(1);
    fake.shown[0].click();
    expect(focus).toHaveBeenCalled();
    expect(navigate).toHaveBeenCalledWith(['/c', CONVERSATION_ID]);
    expect(fake.shown[0].closed).toBe(true);
  });

  it('counts unread messages in the tab title, and closes the notification once read', () => {
    const title = TestBed.inject(Title);
    arrive(1);
    arrive(2);
    TestBed.tick();
    expect(title.getTitle()).toBe('(2) Chat');
    expect(fake.shown[1].closed).toBe(false);

    store.markRead(CONVERSATION_ID, 2);
    TestBed.tick();
    expect(title.getTitle()).toBe('Chat');
    expect(fake.shown[1].closed).toBe(true);
  });
});
