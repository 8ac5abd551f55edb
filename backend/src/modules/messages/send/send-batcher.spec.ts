import { MetricsService } from '../../metrics/metrics.service';
import type { MessagesRepository } from '../messages.repository';
import type { SendItem, SendOutcome } from './send-batch';
import { SendBatcher } from './send-batcher';

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

/** A repository whose statements finish when the test says so. */
function heldRepository() {
  const calls: { ids: string[]; finish: () => void }[] = [];
  const repository = {
    sendBatch: (items: SendItem[]) =>
      new Promise<SendOutcome[]>((resolve) => {
        calls.push({
          ids: items.map((i) => i.clientMessageId),
          finish: () => resolve(items.map(() => ({ outcome: 'not_member' }))),
        });
      }),
  } as unknown as MessagesRepository;
  return { repository, calls };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('SendBatcher', () => {
  it('writes other conversations meanwhile, but a conversation only after its batch committed', async () => {
    const { repository, calls } = heldRepository();
    const batcher = new SendBatcher(repository, new MetricsService());
    const a1 = batcher.submit(send('a', 'a1'));
    await turn();
    expect(calls.map((c) => c.ids)).toEqual([['a1']]);

    const later = [
      batcher.submit(send('a', 'a2')),
      batcher.submit(send('b', 'b1')),
      batcher.submit(send('a', 'a3')),
      batcher.submit(send('b', 'b2')),
    ];
    await turn();
    // B goes at once, together; A waits for its batch in flight.
    expect(calls.map((c) => c.ids)).toEqual([['a1'], ['b1', 'b2']]);

    calls[0].finish();
    await a1;
    await turn();
    // A's next sends, in the order they were queued, in one statement.
    expect(calls.map((c) => c.ids)).toEqual([['a1'], ['b1', 'b2'], ['a2', 'a3']]);
    calls[1].finish();
    calls[2].finish();
    await Promise.all(later);
  });

  it('shares one statement among the sends queued in one turn; conversations being written wait', async () => {
    const { repository, calls } = heldRepository();
    const batcher = new SendBatcher(repository, new MetricsService());
    const pending = ['a', 'b', 'c', 'd'].map((c) => batcher.submit(send(c, `${c}1`)));
    await turn();
    expect(calls.map((c) => c.ids)).toEqual([['a1', 'b1', 'c1', 'd1']]);
    const more = ['a', 'b', 'c', 'd', 'e'].map((c) => batcher.submit(send(c, `${c}2`)));
    await turn();
    // a-d are being written: only e can go.
    expect(calls.map((c) => c.ids)).toEqual([['a1', 'b1', 'c1', 'd1'], ['e2']]);
    calls[0].finish();
    await Promise.all(pending);
    await turn();
    expect(calls[2].ids).toEqual(['a2', 'b2', 'c2', 'd2']);
    calls[1].finish();
    calls[2].finish();
    await Promise.all(more);
  });
});
