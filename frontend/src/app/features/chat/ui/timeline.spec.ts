import { MessageDto } from '../../../core/api/model';
import { alice, bob, bot, message } from '../data-access/chat.testing';
import { OutgoingMessage, Thread } from '../data-access/messages.store';
import { buildTimeline, ChatItem, chatItems, lastEditable, TimelineRow } from './timeline';

const now = Date.parse('2026-03-12T18:00:00.000Z');

function thread(messages: MessageDto[], outgoing: OutgoingMessage[] = []): Thread {
  return {
    messages,
    outgoing,
    status: 'ready',
    error: null,
    hasOlder: false,
    loadingOlder: false,
    olderError: null,
    hasNewer: false,
    loadingNewer: false,
    newerError: null,
  };
}

const at = (seq: number, iso: string, sender = bob, overrides: Partial<MessageDto> = {}) =>
  message(seq, { createdAt: iso, sender, ...overrides });

function summarize(rows: TimelineRow[]): string[] {
  return rows.map((row) =>
    row.type === 'day'
      ? `-- ${row.label}`
      : `${row.item.body} ${row.own ? 'own' : 'other'}${row.groupStart ? ' start' : ''}${row.groupEnd ? ' end' : ''}`,
  );
}

describe('buildTimeline', () => {
  it('separates days and groups a sender’s messages within five minutes', () => {
    const items = chatItems(
      thread([
        at(1, '2026-03-11T22:00:00.000Z', bob, { body: 'a' }),
        at(2, '2026-03-12T09:00:00.000Z', bob, { body: 'b' }),
        at(3, '2026-03-12T09:04:00.000Z', bob, { body: 'c' }),
        at(4, '2026-03-12T09:09:01.000Z', bob, { body: 'd' }),
        at(5, '2026-03-12T09:10:00.000Z', alice, { body: 'e' }),
        at(6, '2026-03-12T09:11:00.000Z', alice, { body: 'f' }),
      ]),
      alice,
    );
    expect(summarize(buildTimeline(items, alice.id, now))).toEqual([
      '-- Yesterday',
      'a other start end',
      '-- Today',
      'b other start',
      'c other end',
      // More than five minutes after c: a new group.
      'd other start end',
      'e own start',
      'f own end',
    ]);
  });

  it('puts outgoing messages last, in the user’s group, with keys that survive the ack', () => {
    const pending: OutgoingMessage = {
      clientMessageId: 'client-x',
      conversationId: 'c',
      body: 'on its way',
      replyToId: null,
      createdAt: '2026-03-12T09:01:00.000Z',
      state: 'pending',
      error: null,
    };
    const before = chatItems(thread([at(1, '2026-03-12T09:00:00.000Z', alice)], [pending]), alice);
    expect(before.map((i) => [i.state, i.seq])).toEqual([
      ['stored', 1],
      ['pending', null],
    ]);
    const rows = buildTimeline(before, alice.id, now);
    expect(summarize(rows).slice(1)).toEqual(['message 1 own start', 'on its way own end']);

    const stored = at(2, '2026-03-12T09:01:00.000Z', alice, {
      clientMessageId: 'client-x',
      body: 'on its way',
    });
    const after = chatItems(thread([at(1, '2026-03-12T09:00:00.000Z', alice), stored]), alice);
    expect(after[1].key).toBe(before[1].key);
  });

  it('quotes the message replied to, or says it is not loaded', () => {
    const items: ChatItem[] = chatItems(
      thread([
        at(1, '2026-03-12T09:00:00.000Z', bob, { id: 'm-1', body: 'first line\nsecond line' }),
        at(2, '2026-03-12T09:01:00.000Z', alice, { replyToId: 'm-1', body: 'reply' }),
        at(3, '2026-03-12T09:02:00.000Z', alice, { replyToId: 'm-older', body: 'reply 2' }),
        at(4, '2026-03-12T09:03:00.000Z', bob, { id: 'm-4', body: null, deletedAt: 'x' }),
        at(5, '2026-03-12T09:04:00.000Z', alice, { replyToId: 'm-4', body: 'reply 3' }),
      ]),
      alice,
    );
    const quotes = buildTimeline(items, alice.id, now).flatMap((row) =>
      row.type === 'message' && row.replyTo ? [row.replyTo] : [],
    );
    expect(quotes).toEqual([
      { id: 'm-1', senderName: 'Bob Builder', excerpt: 'first line', loaded: true },
      { id: 'm-older', senderName: null, excerpt: 'An earlier message', loaded: false },
      { id: 'm-4', senderName: 'Bob Builder', excerpt: 'Message deleted', loaded: true },
    ]);
  });

  it('quotes what a bot answers only when it is not the message right before the reply', () => {
    const reply = (seq: number, replyToId: string, body: string) =>
      at(seq, '2026-03-12T09:05:00.000Z', bot, { kind: 'bot', replyToId, body });
    const items = chatItems(
      thread([
        at(1, '2026-03-12T09:00:00.000Z', alice, { body: 'Which size?' }),
        reply(2, 'm-1', '**M**'),
        at(3, '2026-03-12T09:01:00.000Z', alice, { body: '@sizebot and shoes?' }),
        at(4, '2026-03-12T09:02:00.000Z', bob, { body: 'Me too' }),
        reply(5, 'm-3', 'EU 43'),
      ]),
      alice,
    );
    const quotes = buildTimeline(items, alice.id, now).flatMap((row) =>
      row.type === 'message' && row.item.bot ? [row.replyTo] : [],
    );
    expect(quotes).toEqual([
      null,
      { id: 'm-3', senderName: 'Alice Liddell', excerpt: '@sizebot and shoes?', loaded: true },
    ]);
  });

  it('quotes a bot reply as plain text', () => {
    const items = chatItems(
      thread([
        at(1, '2026-03-12T09:00:00.000Z', bot, { kind: 'bot', body: '**M** fits you' }),
        at(2, '2026-03-12T09:01:00.000Z', alice, { replyToId: 'm-1', body: 'Thanks' }),
      ]),
      alice,
    );
    const row = buildTimeline(items, alice.id, now).at(-1);
    expect(row?.type === 'message' && row.replyTo?.excerpt).toBe('M fits you');
  });
});

describe('lastEditable', () => {
  it('is the user’s newest stored text message, skipping others’, deleted and bot ones', () => {
    const mine = at(1, '2026-03-12T17:00:00.000Z', alice, { body: 'mine' });
    const deleted = at(2, '2026-03-12T17:01:00.000Z', alice, {
      body: null,
      deletedAt: '2026-03-12T17:02:00.000Z',
    });
    const theirs = at(3, '2026-03-12T17:03:00.000Z', bob, { body: 'theirs' });
    const reply = at(4, '2026-03-12T17:04:00.000Z', bot, { kind: 'bot', body: 'bot' });
    const items = chatItems(thread([mine, deleted, theirs, reply]), alice);
    expect(lastEditable(items, alice.id)?.id).toBe(mine.id);
    expect(lastEditable(items, 'someone-else')).toBeNull();
  });
});
