import { MessageDto } from '../api/model';
import { RealtimeService } from './realtime.service';
import { FakeRealtimeService } from './realtime.testing';

/*
 * `npm run typecheck` compiles this file: each `@ts-expect-error` below is a wrong payload for
 * an event, typed by the `ServerEvents` / `ClientEvents` maps generated from the backend's
 * OpenAPI document, and the check fails if one of them stops being an error. The wrong calls
 * are only written, never run.
 */
describe('the realtime event maps generated from the backend', () => {
  it('types what the server pushes and what the client sends, by event name', () => {
    const fake = new FakeRealtimeService();
    // The stand-in has to fit the real service's typed API.
    const realtime: Pick<RealtimeService, 'on' | 'emit'> = fake;
    const deleted: number[] = [];
    realtime.on('message:deleted').subscribe((event) => deleted.push(event.seq));

    fake.push('message:deleted', { id: 'm1', conversationId: 'c1', seq: 3 });
    realtime.emit('conversation:read', { conversationId: 'c1', seq: 3 }).subscribe();

    expect(deleted).toEqual([3]);
    expect(fake.sent('conversation:read').map((e) => e.payload)).toEqual([
      { conversationId: 'c1', seq: 3 },
    ]);
  });

  it('does not compile a wrong payload, event name or acknowledgement type', () => {
    const realtime: Pick<RealtimeService, 'on' | 'emit'> = new FakeRealtimeService();
    const wrong = [
      // @ts-expect-error -- conversation:read sends {conversationId, seq}
      () => realtime.emit('conversation:read', { conversationId: 'c1' }),
      // @ts-expect-error -- a read position is a number
      () => realtime.emit('conversation:read', { conversationId: 'c1', seq: '3' }),
      // @ts-expect-error -- no such event in the contract
      () => realtime.on('message:created'),
      // @ts-expect-error -- a message:deleted payload has no body
      () => realtime.on('message:deleted').subscribe((event) => event.body === ''),
      () =>
        realtime
          .emit('typing', { conversationId: 'c1', isTyping: true })
          // @ts-expect-error -- typing is acknowledged with null, not a message
          .subscribe((message: MessageDto) => message.id),
    ];
    expect(wrong).toHaveLength(5);
  });
});
