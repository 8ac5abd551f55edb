import type { Socket as ClientSocket } from 'socket.io-client';
import type { ChatServer } from './chat-socket';
import type {
  Ack,
  ClientEventResult,
  ClientToServerEvents,
  ServerToClientEvents,
} from './contract/event-maps';
import { SocketEvent } from './contract/socket-event';
import { SocketServerPublisher } from './socket-server.publisher';

/*
 * The typecheck step (`npm run typecheck`, `npm run lint`) compiles this file: each
 * `@ts-expect-error` below is a wrong payload for an event, and the build fails if one of them
 * stops being an error. The wrong calls are only written, never run.
 */

/** A Socket.IO server that records what was broadcast to which rooms. */
function recordingServer() {
  const sent: { rooms: string | string[]; event: string; payload: object }[] = [];
  const server = {
    to: (rooms: string | string[]) => ({
      emit: (event: string, payload: object) => sent.push({ rooms, event, payload }),
    }),
  };
  return { sent, server: server as unknown as ChatServer };
}

describe('the realtime contract', () => {
  it('publishes each event with the payload its owner declared', () => {
    const { sent, server } = recordingServer();
    const publisher = new SocketServerPublisher();
    publisher.attach(server);

    publisher.toConversation('c1', SocketEvent.MessageDeleted, {
      id: 'm1',
      conversationId: 'c1',
      seq: 3,
    });
    publisher.toUser('u1', SocketEvent.ConversationRemoved, { conversationId: 'c1' });
    publisher.toConversations(['c1', 'c2'], SocketEvent.Typing, {
      conversationId: 'c1',
      userId: 'u1',
      isTyping: true,
    });

    expect(sent).toEqual([
      {
        rooms: 'conversation:c1',
        event: 'message:deleted',
        payload: { id: 'm1', conversationId: 'c1', seq: 3 },
      },
      { rooms: 'user:u1', event: 'conversation:removed', payload: { conversationId: 'c1' } },
      {
        rooms: ['conversation:c1', 'conversation:c2'],
        event: 'typing',
        payload: { conversationId: 'c1', userId: 'u1', isTyping: true },
      },
    ]);
  });

  it('does not compile a wrong payload, on the publisher port or on either side of a socket', () => {
    const publisher = new SocketServerPublisher();
    const wrongEmits = [
      // @ts-expect-error -- message:deleted carries {id, conversationId, seq}
      () => publisher.toConversation('c1', SocketEvent.MessageDeleted, { conversationId: 'c1' }),
      () =>
        publisher.toConversation('c1', SocketEvent.ConversationRead, {
          conversationId: 'c1',
          userId: 'u1',
          // @ts-expect-error -- a read receipt's seq is a number
          seq: '3',
        }),
      // @ts-expect-error -- message:send is a client event: the server never emits it
      () => publisher.toUser('u1', SocketEvent.MessageSend, { conversationId: 'c1' }),
      (server: ChatServer) =>
        // @ts-expect-error -- the typed Socket.IO server: presence is not a typing payload
        server.to('conversation:c1').emit(SocketEvent.Presence, { isTyping: true }),
      (client: ClientSocket<ServerToClientEvents, ClientToServerEvents>) =>
        // @ts-expect-error -- a client's conversation:read sends {conversationId, seq}
        client.emit(SocketEvent.ConversationRead, { seq: 1 }, () => undefined),
      (client: ClientSocket<ServerToClientEvents, ClientToServerEvents>) =>
        // @ts-expect-error -- the message:new listener gets a MessageDto, which has no isTyping
        client.on(SocketEvent.MessageNew, (message: { isTyping: boolean }) => message),
    ];
    // @ts-expect-error -- typing is acknowledged with `data: null`, not a message
    const wrongAck: Ack<ClientEventResult<SocketEvent.Typing>> = { ok: true, data: { id: 'm1' } };
    expect(wrongEmits).toHaveLength(6);
    expect(wrongAck.ok).toBe(true);
  });
});
