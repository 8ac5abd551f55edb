import { inLockOrder, type SendItem } from './send-batch';

const send = (conversationId: string, clientMessageId: string): SendItem => ({
  conversationId,
  senderId: 'sender',
  clientMessageId,
  body: clientMessageId,
  replyToId: null,
  attachmentIds: [],
  threadRootId: null,
  alsoToConversation: false,
  forwardedFrom: null,
});

describe('inLockOrder', () => {
  it('groups by conversation id, keeps each conversation in queue order, remembers positions', () => {
    const ordered = inLockOrder([
      send('b', 'b1'),
      send('a', 'a1'),
      send('b', 'b2'),
      send('a', 'a2'),
      send('c', 'c1'),
      send('a', 'a3'),
    ]);
    expect(ordered.map((s) => s.clientMessageId)).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'c1']);
    expect(ordered.map((s) => s.i)).toEqual([1, 3, 5, 0, 2, 4]);
  });
});
