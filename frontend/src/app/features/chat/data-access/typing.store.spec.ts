import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';

import { storeSession } from '../../../core/auth/session.testing';
import { FakeRealtimeService, provideFakeRealtime } from '../../../core/realtime/realtime.testing';
import { ChatRealtime } from './chat-realtime';
import { alice, bob, carol, CONVERSATION_ID, message } from './chat.testing';
import { TYPING_EXPIRY_MS, TYPING_REFRESH_MS, TypingStore } from './typing.store';

describe('TypingStore', () => {
  let store: TypingStore;
  let realtime: FakeRealtimeService;

  beforeEach(() => {
    jest.useFakeTimers();
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
    TestBed.inject(ChatRealtime);
    store = TestBed.inject(TypingStore);
  });

  afterEach(() => jest.useRealTimers());

  const typing = (userId: string, isTyping = true) =>
    realtime.push('typing', { conversationId: CONVERSATION_ID, userId, isTyping });
  const typists = () => store.typingIn(CONVERSATION_ID);

  it('shows who is typing, in the order they started, until they stop', () => {
    typing(bob.id);
    typing(carol.id);
    typing(bob.id);
    expect(typists()).toEqual([bob.id, carol.id]);

    typing(bob.id, false);
    expect(typists()).toEqual([carol.id]);
  });

  it('ignores the user’s own typing (from another tab)', () => {
    typing(alice.id);
    expect(typists()).toEqual([]);
  });

  it('expires an indicator that is not refreshed', () => {
    typing(bob.id);
    jest.advanceTimersByTime(TYPING_EXPIRY_MS - 1000);
    typing(bob.id);
    jest.advanceTimersByTime(TYPING_EXPIRY_MS - 1000);
    expect(typists()).toEqual([bob.id]);
    jest.advanceTimersByTime(1000);
    expect(typists()).toEqual([]);
  });

  it('ends someone’s typing when their message arrives', () => {
    typing(bob.id);
    realtime.push('message:new', message(1, { sender: bob }));
    expect(typists()).toEqual([]);
  });

  it('sends the user’s typing at most every few seconds, and stopped only after typing', () => {
    const sent = () => realtime.sent('typing').map((e) => e.payload.isTyping);

    store.setTyping(CONVERSATION_ID, false);
    expect(sent()).toEqual([]);

    store.setTyping(CONVERSATION_ID, true);
    store.setTyping(CONVERSATION_ID, true);
    jest.advanceTimersByTime(TYPING_REFRESH_MS - 1);
    store.setTyping(CONVERSATION_ID, true);
    expect(sent()).toEqual([true]);

    jest.advanceTimersByTime(1);
    store.setTyping(CONVERSATION_ID, true);
    expect(sent()).toEqual([true, true]);

    store.setTyping(CONVERSATION_ID, false);
    store.setTyping(CONVERSATION_ID, false);
    expect(sent()).toEqual([true, true, false]);
  });
});
