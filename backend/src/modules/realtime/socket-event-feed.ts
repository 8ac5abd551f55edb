import { Injectable } from '@nestjs/common';
import type { ChatServer } from './chat-socket';
import type { ServerEvent, ServerEventMap } from './contract/event-maps';
import {
  ConversationEventFeed,
  type ConversationEventListener,
} from './contract/conversation-event-feed';
import { conversationRoom } from './contract/rooms';

const ROOM_PREFIX = conversationRoom('');
/** Socket.IO's packet type of an event (socket.io-parser `PacketType.EVENT`). */
const EVENT_PACKET = 2;

/**
 * The API's feed: every event packet the Socket.IO server encodes, whether this process
 * broadcast it or the adapter relayed it from another instance or a worker. The encoder runs
 * once per broadcast (the frame is shared by the room's sockets), so listening costs one call
 * per event, not per socket.
 */
@Injectable()
export class SocketEventFeed extends ConversationEventFeed {
  private readonly listeners: ConversationEventListener[] = [];
  private server?: ChatServer;

  /** Called by the gateway once the Socket.IO server exists. */
  attach(server: ChatServer): void {
    this.server = server;
    const encoder = server.encoder;
    const encode: (packet: Parameters<typeof encoder.encode>[0]) => unknown[] =
      encoder.encode.bind(encoder);
    encoder.encode = (packet) => {
      if (Number(packet.type) === EVENT_PACKET && Array.isArray(packet.data)) {
        this.emit(packet.data as unknown[]);
      }
      return encode(packet);
    };
    server.of('/').adapter.on('delete-room', (room: string) => {
      if (!room.startsWith(ROOM_PREFIX)) return;
      const conversationId = room.slice(ROOM_PREFIX.length);
      for (const listener of this.listeners) listener.roomClosed(conversationId);
    });
  }

  listen(listener: ConversationEventListener): void {
    this.listeners.push(listener);
  }

  follows(conversationId: string): boolean {
    return this.server?.of('/').adapter.rooms.has(conversationRoom(conversationId)) ?? false;
  }

  private emit(data: unknown[]): void {
    const [event, payload] = data as [ServerEvent, ServerEventMap[ServerEvent]];
    for (const listener of this.listeners) {
      // A follower's failure must never cost the sockets their event.
      try {
        listener.event(event, payload);
      } catch {
        // What it could not apply, it must no longer trust.
        listener.roomClosed(conversationIdOf(payload));
      }
    }
  }
}

function conversationIdOf(payload: unknown): string {
  const id = (payload as { conversationId?: unknown } | null)?.conversationId;
  return typeof id === 'string' ? id : '';
}
