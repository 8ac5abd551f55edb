import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  TestRequest,
} from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { MessageDto } from '../../../core/api/model';
import { storeSession } from '../../../core/auth/session.testing';
import { RealtimeError } from '../../../core/realtime/realtime.service';
import { FakeRealtimeService, provideFakeRealtime } from '../../../core/realtime/realtime.testing';
import { ChatRealtime } from './chat-realtime';
import { alice, bot, CONVERSATION_ID, conversation, message } from './chat.testing';
import { ConversationsStore } from './conversations.store';
import { findGap, mergeMessages, MessagesStore } from './messages.store';

const MESSAGES_URL = `/api/v1/conversations/${CONVERSATION_ID}/messages`;

describe('mergeMessages', () => {
  it('keeps ascending seq and each seq once', () => {
    const merged = mergeMessages(
      [message(2), message(4)],
      [message(5), message(1), message(4), message(3)],
    );
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps the latest state of a message seen twice', () => {
    const edited = message(2, { body: 'edited', editedAt: '2026-03-12T11:00:00.000Z' });
    const deleted = message(3, { body: null, deletedAt: '2026-03-12T11:00:00.000Z' });
    // A page that left the server before the edit and the deletion.
    const merged = mergeMessages([edited, deleted], [message(2), message(3)]);
    expect(merged).toEqual([edited, deleted]);
    expect(mergeMessages([message(2)], [edited])).toEqual([edited]);
  });
});

describe('findGap', () => {
  it('finds the seq after which messages are missing', () => {
    expect(findGap([])).toBeNull();
    expect(findGap([message(3), message(4), message(5)])).toBeNull();
    expect(findGap([message(3), message(4), message(7), message(9)])).toBe(4);
  });
});

describe('MessagesStore', () => {
  let store: MessagesStore;
  let conversations: ConversationsStore;
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
    store = TestBed.inject(MessagesStore);
    conversations = TestBed.inject(ConversationsStore);
    conversations.upsert(conversation({ lastSeq: 3, lastMessage: message(3) }));
    // The outbox learns who is signed in.
    TestBed.tick();
  });

  afterEach(() => http.verify());

  const seqs = () => store.thread(CONVERSATION_ID).messages.map((m) => m.seq);
  const outgoing = () => store.thread(CONVERSATION_ID).outgoing;
  const page = (items: MessageDto[], hasMore = false) => ({ items, hasMore });

  function expectList(params: Record<string, string>): TestRequest {
    return http.expectOne(
      (r) =>
        r.method === 'GET' &&
        r.url === MESSAGES_URL &&
        Object.entries(params).every(([key, value]) => r.params.get(key) === value) &&
        r.params.keys().length === Object.keys(params).length,
    );
  }

  function open(items = [message(1), message(2), message(3)], hasMore = false): void {
    store.open(CONVERSATION_ID);
    expectList({ limit: '50' }).flush(page(items, hasMore));
  }

  /** A message of the user's own, as the server stores it. */
  const own = (seq: number, clientMessageId: string, body: string) =>
    message(seq, { sender: alice, clientMessageId, body });

  describe('loading', () => {
    it('loads the newest page on open, once', () => {
      store.open(CONVERSATION_ID);
      expect(store.thread(CONVERSATION_ID).status).toBe('loading');
      expectList({ limit: '50' }).flush(page([message(2), message(3)], true));

      expect(store.thread(CONVERSATION_ID).status).toBe('ready');
      expect(store.thread(CONVERSATION_ID).hasOlder).toBe(true);
      expect(seqs()).toEqual([2, 3]);

      store.open(CONVERSATION_ID);
      http.expectNone(MESSAGES_URL);
    });

    it('reports a failed load and loads again on retry', () => {
      store.open(CONVERSATION_ID);
      expectList({ limit: '50' }).flush(null, { status: 500, statusText: 'Server Error' });
      expect(store.thread(CONVERSATION_ID).status).toBe('error');
      expect(store.thread(CONVERSATION_ID).error).toBe(
        "Couldn't load the messages. Try again in a moment.",
      );

      store.open(CONVERSATION_ID);
      expectList({ limit: '50' }).flush(page([message(1)]));
      expect(store.thread(CONVERSATION_ID).status).toBe('ready');
    });

    it('loads a conversation that failed to load again by itself when the connection returns', () => {
      store.open(CONVERSATION_ID);
      expectList({ limit: '50' }).error(new ProgressEvent('error'), { status: 0 });
      expect(store.thread(CONVERSATION_ID).status).toBe('error');

      realtime.reconnect();
      expectList({ limit: '50' }).flush(page([message(1)]));
      expect(store.thread(CONVERSATION_ID).status).toBe('ready');
    });

    it('prepends older pages with beforeSeq, without duplicates', () => {
      open([message(51), message(52)], true);

      store.loadOlder(CONVERSATION_ID);
      store.loadOlder(CONVERSATION_ID);
      expect(store.thread(CONVERSATION_ID).loadingOlder).toBe(true);
      expectList({ beforeSeq: '51', limit: '50' }).flush(
        page([message(49), message(50), message(51)], false),
      );

      expect(seqs()).toEqual([49, 50, 51, 52]);
      expect(store.thread(CONVERSATION_ID).hasOlder).toBe(false);
      store.loadOlder(CONVERSATION_ID);
      http.expectNone(MESSAGES_URL);
    });

    it('keeps a change that arrives while the page loads over the page, which was read before it', () => {
      const preview = {
        url: 'https://trails.example/alps',
        title: 'Ten trails in the Alps',
        description: null,
        siteName: 'Trail Guide',
        imageUrl: null,
      };
      store.open(CONVERSATION_ID);
      // The link preview lands while the page is on its way, read before it was stored.
      realtime.push('message:updated', message(3, { body: 'https://trails.example/alps' }));
      realtime.push(
        'message:updated',
        message(3, { body: 'https://trails.example/alps', linkPreview: preview }),
      );
      // An update of a message the page does not bring is not applied.
      realtime.push('message:updated', message(9));
      expectList({ limit: '50' }).flush(
        page([message(1), message(2), message(3, { body: 'https://trails.example/alps' })]),
      );

      expect(seqs()).toEqual([1, 2, 3]);
      expect(store.thread(CONVERSATION_ID).messages[2].linkPreview).toEqual(preview);
      // Held only until the page landed: a later page load starts afresh.
      store.open(CONVERSATION_ID);
      http.expectNone(MESSAGES_URL);
    });

    it('drops the changes held for a page that failed to load', () => {
      store.open(CONVERSATION_ID);
      realtime.push(
        'message:updated',
        message(3, { body: 'edited', editedAt: '2026-03-12T12:00:00Z' }),
      );
      expectList({ limit: '50' }).flush(null, { status: 500, statusText: 'Server Error' });
      store.open(CONVERSATION_ID);
      expectList({ limit: '50' }).flush(page([message(1), message(2), message(3)]));

      expect(store.thread(CONVERSATION_ID).messages[2].body).toBe('message 3');
    });

    it('ignores events for a conversation that is not open: its first page will have them', () => {
      realtime.push('message:new', message(4));
      expect(store.thread(CONVERSATION_ID).status).toBe('idle');
      expect(seqs()).toEqual([]);
    });
  });

  describe('events', () => {
    it('appends message:new, and a repeated event changes nothing', () => {
      open();
      realtime.push('message:new', message(4));
      realtime.push('message:new', message(4));
      expect(seqs()).toEqual([1, 2, 3, 4]);
      http.expectNone(MESSAGES_URL);
    });

    it('fetches afterSeq when message:new skips seqs, paging while there is more', () => {
      open();
      realtime.push('message:new', message(7));
      expect(seqs()).toEqual([1, 2, 3, 7]);

      expectList({ afterSeq: '3', limit: '100' }).flush(page([message(4), message(5)], true));
      // Another event while the hole is being filled.
      realtime.push('message:new', message(8));
      expectList({ afterSeq: '5', limit: '100' }).flush(
        page([message(6), message(7), message(8)], false),
      );

      expect(seqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      http.expectNone(MESSAGES_URL);
    });

    it('does not ask again and again for a hole the server cannot fill', () => {
      open();
      realtime.push('message:new', message(5));
      expectList({ afterSeq: '3', limit: '100' }).flush(page([message(5)]));
      http.expectNone(MESSAGES_URL);
    });

    it('applies edits and deletions (tombstones)', () => {
      open();
      realtime.push(
        'message:updated',
        message(2, { body: 'fixed', editedAt: '2026-03-12T12:00:00Z' }),
      );
      realtime.push('message:deleted', { id: 'm-3', conversationId: CONVERSATION_ID, seq: 3 });

      const [, second, third] = store.thread(CONVERSATION_ID).messages;
      expect(second.body).toBe('fixed');
      expect(third.body).toBeNull();
      expect(third.deletedAt).not.toBeNull();
      expect(conversations.get(CONVERSATION_ID)?.lastMessage?.deletedAt).not.toBeNull();
    });

    it('after a reconnection fetches what was missed, ending with no gap and no duplicate', () => {
      open();
      realtime.reconnect();
      const catchUp = expectList({ afterSeq: '3', limit: '100' });
      // An event that arrives while the catch-up is in flight is among its results too.
      realtime.push('message:new', message(5));
      catchUp.flush(page([message(4), message(5), message(6)]));

      expect(seqs()).toEqual([1, 2, 3, 4, 5, 6]);
      http.expectNone(MESSAGES_URL);
    });

    it('catches up once a page that was loading during the reconnection has landed', () => {
      store.open(CONVERSATION_ID);
      const first = expectList({ limit: '50' });
      realtime.reconnect();
      first.flush(page([message(1), message(2)]));
      expectList({ afterSeq: '2', limit: '100' }).flush(page([message(3)]));
      expect(seqs()).toEqual([1, 2, 3]);
    });
  });

  describe('opening at a message (a search hit)', () => {
    const range = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => message(from + i));
    const aroundPage = (items: MessageDto[], hasMore: boolean, hasMoreAfter: boolean) => ({
      items,
      hasMore,
      hasMoreAfter,
    });
    const thread = () => store.thread(CONVERSATION_ID);

    beforeEach(() =>
      conversations.upsert(conversation({ lastSeq: 500, lastMessage: message(500) })),
    );

    it('loads the page around it in place of the newest, then newer pages until they join', () => {
      open(range(451, 500), true);
      store.openAt(CONVERSATION_ID, 100);
      expect(thread().status).toBe('loading');
      expect(seqs()).toEqual([]);
      expectList({ aroundSeq: '100', limit: '50' }).flush(aroundPage(range(75, 124), true, true));
      expect(seqs()).toEqual(range(75, 124).map((m) => m.seq));
      expect(thread()).toEqual(expect.objectContaining({ status: 'ready', hasOlder: true }));
      expect(thread().hasNewer).toBe(true);

      store.loadNewer(CONVERSATION_ID);
      store.loadNewer(CONVERSATION_ID);
      expect(thread().loadingNewer).toBe(true);
      expectList({ afterSeq: '124', limit: '50' }).flush(page(range(125, 174), true));
      expect(thread().hasNewer).toBe(true);
      expect(seqs().at(-1)).toBe(174);

      store.loadOlder(CONVERSATION_ID);
      expectList({ beforeSeq: '75', limit: '50' }).flush(page(range(25, 74), true));
      expect(seqs()[0]).toBe(25);
    });

    it('leaves new messages to the newer pages until the newest joins: never a hole', () => {
      store.openAt(CONVERSATION_ID, 100);
      // An event while the page is loading, and one after: far beyond the window.
      realtime.push('message:new', message(501));
      expectList({ aroundSeq: '100', limit: '50' }).flush(aroundPage(range(75, 124), true, true));
      realtime.push('message:new', message(502));
      expect(seqs().at(-1)).toBe(124);
      // Not even a reconnection fetches all of them: paging does.
      realtime.reconnect();
      http.expectNone(MESSAGES_URL);

      conversations.upsert(conversation({ lastSeq: 502, lastMessage: message(502) }));
      store.loadNewer(CONVERSATION_ID);
      // The page left the server before 502 was stored: the newest joined, but 502 is missing.
      expectList({ afterSeq: '124', limit: '50' }).flush(page(range(125, 501), false));
      expect(thread().hasNewer).toBe(false);
      expectList({ afterSeq: '501', limit: '100' }).flush(page([message(502)]));
      expect(seqs()).toEqual(range(75, 502).map((m) => m.seq));
      expect(findGap(thread().messages)).toBeNull();

      // From now on events merge as usual.
      realtime.push('message:new', message(503));
      expect(seqs().at(-1)).toBe(503);
      http.expectNone(MESSAGES_URL);
    });

    it('takes a message that continues the window while it is short of the newest', () => {
      store.openAt(CONVERSATION_ID, 480);
      expectList({ aroundSeq: '480', limit: '50' }).flush(aroundPage(range(455, 500), true, true));
      realtime.push('message:new', message(501));
      expect(seqs().at(-1)).toBe(501);
      http.expectNone(MESSAGES_URL);
    });

    it('is at the newest at once when the page around reaches it', () => {
      store.openAt(CONVERSATION_ID, 490);
      expectList({ aroundSeq: '490', limit: '50' }).flush(aroundPage(range(451, 500), true, false));
      expect(thread().hasNewer).toBe(false);
      realtime.push('message:new', message(501));
      expect(seqs().at(-1)).toBe(501);
      http.expectNone(MESSAGES_URL);
    });

    it('opens at the end when there is nothing around the message asked for', () => {
      store.openAt(CONVERSATION_ID, 9_999);
      expectList({ aroundSeq: '9999', limit: '50' }).flush(aroundPage([], true, false));
      expectList({ limit: '50' }).flush(page(range(451, 500), true));
      expect(thread()).toEqual(expect.objectContaining({ status: 'ready', hasNewer: false }));
      expect(seqs().at(-1)).toBe(500);
    });

    it('loads nothing when the message is loaded already', () => {
      open(range(451, 500), true);
      store.openAt(CONVERSATION_ID, 470);
      http.expectNone(MESSAGES_URL);
      expect(seqs()).toHaveLength(50);
    });

    it('cancels what was loading for the window it replaces', () => {
      store.open(CONVERSATION_ID);
      const newest = expectList({ limit: '50' });
      store.openAt(CONVERSATION_ID, 100);
      expect(newest.cancelled).toBe(true);
      expectList({ aroundSeq: '100', limit: '50' }).flush(aroundPage(range(75, 124), true, true));

      store.loadNewer(CONVERSATION_ID);
      const newer = expectList({ afterSeq: '124', limit: '50' });
      store.jumpToLatest(CONVERSATION_ID);
      expect(newer.cancelled).toBe(true);
      expectList({ limit: '50' }).flush(page(range(451, 500), true));
      expect(thread()).toEqual(
        expect.objectContaining({ status: 'ready', hasNewer: false, hasOlder: true }),
      );
      expect(seqs()).toEqual(range(451, 500).map((m) => m.seq));
    });

    it('goes back to the newest messages to send, and when the conversation is opened again', async () => {
      store.openAt(CONVERSATION_ID, 100);
      expectList({ aroundSeq: '100', limit: '50' }).flush(aroundPage(range(75, 124), true, true));
      store.open(CONVERSATION_ID);
      expectList({ limit: '50' }).flush(page(range(451, 500), true));
      expect(seqs()[0]).toBe(451);

      store.openAt(CONVERSATION_ID, 100);
      expectList({ aroundSeq: '100', limit: '50' }).flush(aroundPage(range(75, 124), true, true));
      await store.send(CONVERSATION_ID, 'Hello');
      expect(outgoing()).toHaveLength(1);
      expectList({ limit: '50' }).flush(page(range(451, 500), true));
      expect(thread().hasNewer).toBe(false);
      for (let turn = 0; turn < 100 && realtime.sent('message:send').length === 0; turn++) {
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      realtime.sent('message:send')[0].ack(own(501, outgoing()[0].clientMessageId, 'Hello'));
      for (let turn = 0; turn < 100 && seqs().at(-1) !== 501; turn++) {
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      expect(seqs().at(-1)).toBe(501);
      expect(outgoing()).toEqual([]);
    });

    it('reports a newer page that failed, and loads it on retry', () => {
      store.openAt(CONVERSATION_ID, 100);
      expectList({ aroundSeq: '100', limit: '50' }).flush(aroundPage(range(75, 124), true, true));
      store.loadNewer(CONVERSATION_ID);
      expectList({ afterSeq: '124', limit: '50' }).flush(null, {
        status: 500,
        statusText: 'Server Error',
      });
      expect(thread().newerError).toBe("Couldn't load newer messages. Try again in a moment.");
      store.loadNewer(CONVERSATION_ID);
      expectList({ afterSeq: '124', limit: '50' }).flush(page(range(125, 130), true));
      expect(thread().newerError).toBeNull();
    });
  });

  describe('sending', () => {
    /** Waits for the outbox, which answers on later turns of the event loop. */
    async function until(check: () => boolean): Promise<void> {
      for (let turn = 0; turn < 100 && !check(); turn++) {
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      expect(check()).toBe(true);
    }

    it('shows the message from the outbox and replaces it with the stored one from the ack', async () => {
      open();
      await store.send(CONVERSATION_ID, 'Hello', 'm-2');

      expect(outgoing()).toEqual([
        expect.objectContaining({ body: 'Hello', state: 'pending', replyToId: 'm-2' }),
      ]);
      await until(() => realtime.sent('message:send').length === 1);
      const [sent] = realtime.sent('message:send');
      expect(sent.payload).toEqual({
        conversationId: CONVERSATION_ID,
        clientMessageId: outgoing()[0].clientMessageId,
        body: 'Hello',
        replyToId: 'm-2',
      });

      sent.ack(own(4, sent.payload.clientMessageId, 'Hello'));
      await until(() => outgoing().length === 0);
      expect(seqs()).toEqual([1, 2, 3, 4]);
      // The list shows it as the last message, read by its sender.
      expect(conversations.get(CONVERSATION_ID)).toEqual(
        expect.objectContaining({ lastSeq: 4, lastReadSeq: 4, unreadCount: 0 }),
      );
    });

    it('takes its own message:new (before the ack) as the confirmation: never two copies', async () => {
      open();
      await store.send(CONVERSATION_ID, 'Hello');
      await until(() => realtime.sent('message:send').length === 1);
      const [sent] = realtime.sent('message:send');
      const stored = own(4, sent.payload.clientMessageId, 'Hello');

      realtime.push('message:new', stored);
      expect(outgoing()).toEqual([]);
      sent.ack(stored);
      expect(seqs()).toEqual([1, 2, 3, 4]);
    });

    it('keeps a message pending while disconnected, and sends it once connected', async () => {
      open();
      realtime.state.set('reconnecting');
      await store.send(CONVERSATION_ID, 'Hello');
      expect(realtime.sent('message:send')).toEqual([]);
      expect(outgoing()).toEqual([expect.objectContaining({ state: 'pending' })]);

      realtime.reconnect();
      expectList({ afterSeq: '3', limit: '100' }).flush(page([]));
      await until(() => realtime.sent('message:send').length === 1);
      const [sent] = realtime.sent('message:send');
      expect(sent.payload.clientMessageId).toBe(outgoing()[0].clientMessageId);
      sent.ack(own(4, sent.payload.clientMessageId, 'Hello'));
      await until(() => outgoing().length === 0);
      expect(seqs()).toEqual([1, 2, 3, 4]);
    });

    it('marks a refused message failed; Retry sends it with the same client id; Discard drops it', async () => {
      open();
      await store.send(CONVERSATION_ID, 'Hello');
      await until(() => realtime.sent('message:send').length === 1);
      const [first] = realtime.sent('message:send');
      first.fail(new RealtimeError('FORBIDDEN', 'not a member'));
      await until(() => outgoing()[0]?.state === 'failed');
      expect(outgoing()[0].error).toBe("You can't send messages here any more.");

      await store.retry(CONVERSATION_ID, first.payload.clientMessageId);
      expect(outgoing()[0].state).toBe('pending');
      await until(() => realtime.sent('message:send').length === 2);
      const [, second] = realtime.sent('message:send');
      expect(second.payload).toEqual(first.payload);
      second.fail(new RealtimeError('NOT_FOUND', 'no such conversation'));
      await until(() => outgoing()[0]?.state === 'failed');

      await store.discard(first.payload.clientMessageId);
      expect(outgoing()).toEqual([]);
    });
  });

  describe('bot replies', () => {
    /** The bot's reply to message 3, as `message:new` announces it. */
    const reply = (overrides: Partial<MessageDto> = {}) =>
      message(4, {
        sender: bot,
        kind: 'bot',
        replyToId: 'm-3',
        clientMessageId: 'bot-reply:m-3',
        body: '',
        status: 'streaming',
        ...overrides,
      });
    const delta = (text: string, messageId = 'm-4') =>
      realtime.push('message:delta', { conversationId: CONVERSATION_ID, messageId, delta: text });
    const last = () => store.thread(CONVERSATION_ID).messages.at(-1);

    it('appends deltas to the reply being written, then the final body replaces it', () => {
      open();
      realtime.push('message:new', reply());
      delta('Your size');
      delta(' is **M');
      expect(last()).toEqual(
        expect.objectContaining({ body: 'Your size is **M', status: 'streaming' }),
      );

      realtime.push('message:updated', reply({ body: 'Your size is **M**.', status: 'complete' }));
      expect(last()).toEqual(
        expect.objectContaining({ body: 'Your size is **M**.', status: 'complete' }),
      );
      expect(seqs()).toEqual([1, 2, 3, 4]);

      // A late delta changes nothing: the reply is done.
      delta(' again');
      expect(last()?.body).toBe('Your size is **M**.');
    });

    it('ignores deltas for a message it does not have', () => {
      open();
      delta('lost', 'm-99');
      realtime.push('message:delta', {
        conversationId: 'c-other',
        messageId: 'm-4',
        delta: 'lost',
      });
      expect(seqs()).toEqual([1, 2, 3]);
      expect(store.thread('c-other').messages).toEqual([]);
    });

    it('starts over when message:updated resets the reply (a retry): no text twice', () => {
      open();
      realtime.push('message:new', reply());
      delta('Half a rep');
      realtime.push(
        'message:updated',
        reply({
          body: 'Half a rep',
          status: 'failed',
          failureReason: 'The model server answered 500',
        }),
      );
      expect(last()).toEqual(
        expect.objectContaining({
          status: 'failed',
          failureReason: 'The model server answered 500',
        }),
      );

      realtime.push('message:updated', reply({ body: '', status: 'streaming' }));
      expect(last()).toEqual(
        expect.objectContaining({ body: '', status: 'streaming', failureReason: null }),
      );
      delta('A whole');
      delta(' reply');
      expect(last()?.body).toBe('A whole reply');
      realtime.push('message:updated', reply({ body: 'A whole reply.', status: 'complete' }));
      expect(last()?.body).toBe('A whole reply.');
    });

    it('restarts a reply that was streaming when message:updated says so', () => {
      open();
      realtime.push('message:new', reply());
      delta('First attempt');
      realtime.push('message:updated', reply({ body: '', status: 'streaming' }));
      delta('Second');
      expect(last()?.body).toBe('Second');
    });

    it('waits for the final text of a reply it only saw mid-stream, on a page', () => {
      // The server stores the text at the end: a page has an empty body meanwhile.
      open([message(1), message(2), message(3), reply()]);
      delta('the end of a sentence');
      expect(last()?.body).toBe('');

      realtime.push('message:updated', reply({ body: 'A complete sentence.', status: 'complete' }));
      expect(last()?.body).toBe('A complete sentence.');
    });

    it('keeps what deltas wrote, and a finished reply, against pages that left the server earlier', () => {
      open();
      realtime.push('message:new', reply());
      delta('Streaming text');
      // A catch-up page with the reply as stored then.
      realtime.push('message:new', message(6));
      expectList({ afterSeq: '4', limit: '100' }).flush(page([reply(), message(5), message(6)]));
      expect(last()?.seq).toBe(6);
      expect(store.thread(CONVERSATION_ID).messages[3].body).toBe('Streaming text');

      realtime.push('message:updated', reply({ body: 'Done.', status: 'complete' }));
      realtime.reconnect();
      expectList({ afterSeq: '6', limit: '100' }).flush(page([reply(), message(6)]));
      expect(store.thread(CONVERSATION_ID).messages[3]).toEqual(
        expect.objectContaining({ body: 'Done.', status: 'complete' }),
      );
    });

    it('after a reconnection fetches a reply that was streaming again, and stops following it', () => {
      open();
      realtime.push('message:new', reply());
      delta('Before the drop');
      realtime.reconnect();

      // Deltas sent while disconnected are lost: the text would have a hole in it.
      delta(' after');
      expect(last()?.body).toBe('Before the drop');
      expectList({ afterSeq: '3', limit: '100' }).flush(
        page([reply({ body: 'Before the drop, and the rest.', status: 'complete' })]),
      );
      expect(last()).toEqual(
        expect.objectContaining({ body: 'Before the drop, and the rest.', status: 'complete' }),
      );
    });

    it('stops and retries replies through the SDK', () => {
      open([message(1), message(2), message(3), reply({ status: 'failed', failureReason: 'x' })]);
      const failed = last()!;

      let stopped = false;
      store.stopReply(failed).subscribe({ complete: () => (stopped = true) });
      http.expectOne({ method: 'POST', url: '/api/v1/messages/m-4/stop' }).flush(null, {
        status: 204,
        statusText: 'No Content',
      });
      expect(stopped).toBe(true);

      store.retryReply(failed).subscribe();
      http.expectOne({ method: 'POST', url: '/api/v1/messages/m-4/retry' }).flush(null, {
        status: 202,
        statusText: 'Accepted',
      });
      // Shown as started even if the socket's message:updated has not come.
      expect(last()).toEqual(
        expect.objectContaining({ body: '', status: 'streaming', failureReason: null }),
      );
    });
  });

  it('edits and deletes through the SDK, updating the thread and the list', () => {
    open([message(1), own(2, 'x', 'mine')]);
    conversations.remove(CONVERSATION_ID);
    conversations.upsert(conversation({ lastSeq: 2, lastMessage: own(2, 'x', 'mine') }));
    const mine = store.thread(CONVERSATION_ID).messages[1];

    store.edit(mine, 'changed').subscribe();
    const edit = http.expectOne({ method: 'PATCH', url: '/api/v1/messages/m-2' });
    expect(edit.request.body).toEqual({ body: 'changed' });
    edit.flush({ ...mine, body: 'changed', editedAt: '2026-03-12T12:00:00.000Z' });
    expect(store.thread(CONVERSATION_ID).messages[1].body).toBe('changed');
    expect(conversations.get(CONVERSATION_ID)?.lastMessage?.body).toBe('changed');

    store.delete(mine).subscribe();
    http.expectOne({ method: 'DELETE', url: '/api/v1/messages/m-2' }).flush(null);
    expect(store.thread(CONVERSATION_ID).messages[1].deletedAt).not.toBeNull();
    expect(conversations.get(CONVERSATION_ID)?.lastMessage?.body).toBeNull();
  });
});
