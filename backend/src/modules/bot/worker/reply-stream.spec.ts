import { SocketEvent } from '../../realtime/contract/socket-event';
import type { RealtimePublisher } from '../../realtime/contract/realtime.publisher';
import { DELTA_INTERVAL_MS, ReplyStream } from './reply-stream';

describe('ReplyStream', () => {
  const sent: string[] = [];
  const realtime = {
    toConversation: (_id: string, event: SocketEvent, payload: { delta: string }) => {
      expect(event).toBe(SocketEvent.MessageDelta);
      sent.push(payload.delta);
    },
  } as unknown as RealtimePublisher;
  beforeEach(() => {
    sent.length = 0;
    jest.useFakeTimers();
  });
  afterEach(() => jest.useRealTimers());

  it('sends the first chunk at once, then at most one delta per interval, losing nothing', () => {
    const first = jest.fn();
    const stream = new ReplyStream(realtime, 'c', 'm', first);
    stream.push('Hello');
    expect(sent).toEqual(['Hello']);
    expect(first).toHaveBeenCalledTimes(1);

    for (const chunk of [',', ' wor', 'ld', '!']) stream.push(chunk);
    expect(sent).toHaveLength(1);
    jest.advanceTimersByTime(DELTA_INTERVAL_MS);
    expect(sent).toEqual(['Hello', ', world!']);

    stream.push(' Bye');
    stream.flush();
    expect(sent.join('')).toBe('Hello, world! Bye');
    expect(stream.written).toBe('Hello, world! Bye');
    expect(first).toHaveBeenCalledTimes(1);
  });

  it('drops what is pending when an attempt is discarded', () => {
    const stream = new ReplyStream(realtime, 'c', 'm', () => undefined);
    stream.push('a');
    stream.push('b');
    stream.discard();
    jest.advanceTimersByTime(DELTA_INTERVAL_MS * 2);
    expect(sent).toEqual(['a']);
  });
});
