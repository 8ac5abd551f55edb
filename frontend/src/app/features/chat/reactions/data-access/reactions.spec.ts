import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatSnackBar } from '@angular/material/snack-bar';
import { provideRouter } from '@angular/router';

import { ReactionDto } from '../../../../core/api/model';
import { storeSession } from '../../../../core/auth/session.testing';
import {
  FakeRealtimeService,
  provideFakeRealtime,
} from '../../../../core/realtime/realtime.testing';
import { ChatRealtime } from '../../data-access/chat-realtime';
import { alice, bob, CONVERSATION_ID, conversation, message } from '../../data-access/chat.testing';
import { ConversationsStore } from '../../data-access/conversations.store';
import { MessagesStore } from '../../data-access/messages.store';
import { Reactions } from './reactions';

const MESSAGES_URL = `/api/v1/conversations/${CONVERSATION_ID}/messages`;
const THUMBS_URL = `/api/v1/messages/m-2/reactions/${encodeURIComponent('👍')}`;

describe('reactions in the messages store', () => {
  let store: MessagesStore;
  let realtime: FakeRealtimeService;
  let http: HttpTestingController;
  let reactions: Reactions;
  let snacks: string[];

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
    store = TestBed.inject(MessagesStore);
    reactions = TestBed.inject(Reactions);
    snacks = [];
    const snackBar = TestBed.inject(MatSnackBar);
    const open = snackBar.open.bind(snackBar);
    snackBar.open = (text: string, ...rest) => {
      snacks.push(text);
      return open(text, ...rest);
    };
    TestBed.inject(ConversationsStore).upsert(conversation({ lastSeq: 3 }));
    TestBed.tick();
    store.open(CONVERSATION_ID);
    http
      .expectOne((r) => r.url === MESSAGES_URL)
      .flush({ items: [message(1), message(2), message(3)], hasMore: false });
  });

  afterEach(() => http.verify());

  const reactionsOf = (seq: number) =>
    store.thread(CONVERSATION_ID).messages.find((m) => m.seq === seq)!.reactions;
  const thumbs = (...userIds: string[]): ReactionDto => ({
    emoji: '👍',
    count: userIds.length,
    userIds,
  });

  it("reaction:updated replaces that message's set, and only that message's", () => {
    realtime.push('reaction:updated', {
      conversationId: CONVERSATION_ID,
      messageId: 'm-2',
      reactions: [thumbs(bob.id)],
    });
    expect(reactionsOf(2)).toEqual([thumbs(bob.id)]);
    expect(reactionsOf(1)).toEqual([]);
    expect(reactionsOf(3)).toEqual([]);
    // A message that is not loaded is left alone.
    realtime.push('reaction:updated', {
      conversationId: CONVERSATION_ID,
      messageId: 'm-99',
      reactions: [thumbs(bob.id)],
    });
    expect(store.thread(CONVERSATION_ID).messages).toHaveLength(3);
  });

  it("a toggle shows at once, then takes the server's answer", () => {
    reactions.toggle(message(2), '👍');
    expect(reactionsOf(2)).toEqual([thumbs(alice.id)]);
    const request = http.expectOne(THUMBS_URL);
    expect(request.request.method).toBe('PUT');
    request.flush({ reactions: [thumbs(bob.id, alice.id)] });
    expect(reactionsOf(2)).toEqual([thumbs(bob.id, alice.id)]);

    reactions.toggle(message(2), '👍');
    expect(reactionsOf(2)).toEqual([thumbs(bob.id)]);
    const removal = http.expectOne(THUMBS_URL);
    expect(removal.request.method).toBe('DELETE');
    removal.flush({ reactions: [thumbs(bob.id)] });
    expect(snacks).toEqual([]);
  });

  it('a refused toggle is taken back (keeping what events brought meanwhile) and said', () => {
    reactions.toggle(message(2), '👍');
    realtime.push('reaction:updated', {
      conversationId: CONVERSATION_ID,
      messageId: 'm-2',
      reactions: [{ emoji: '🎉', count: 1, userIds: [bob.id] }, thumbs(alice.id)],
    });
    http
      .expectOne(THUMBS_URL)
      .flush({ message: 'the message was deleted' }, { status: 409, statusText: 'Conflict' });
    expect(reactionsOf(2)).toEqual([{ emoji: '🎉', count: 1, userIds: [bob.id] }]);
    expect(snacks).toHaveLength(1);
    expect(snacks[0]).toMatch(/^Couldn't add the reaction/);
  });
});
