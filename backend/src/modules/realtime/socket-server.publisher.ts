import { Injectable } from '@nestjs/common';
import type { ChatServer } from './chat-socket';
import { broadcast } from './broadcast';
import type { ServerEvent, ServerEventMap } from './contract/event-maps';
import { RealtimePublisher } from './contract/realtime.publisher';
import { conversationRoom, sessionRoom, userRoom } from './contract/rooms';

/**
 * The API's publisher: emits through this process's Socket.IO server, whose Redis adapter
 * relays to the sockets held by every other instance.
 */
@Injectable()
export class SocketServerPublisher extends RealtimePublisher {
  private server?: ChatServer;

  /** Called by the gateway once the Socket.IO server exists. */
  attach(server: ChatServer): void {
    this.server = server;
  }

  toConversation<E extends ServerEvent>(
    conversationId: string,
    event: E,
    payload: ServerEventMap[E],
  ): void {
    if (this.server) broadcast(this.server.to(conversationRoom(conversationId)), event, payload);
  }

  toUser<E extends ServerEvent>(userId: string, event: E, payload: ServerEventMap[E]): void {
    if (this.server) broadcast(this.server.to(userRoom(userId)), event, payload);
  }

  toConversations<E extends ServerEvent>(
    conversationIds: string[],
    event: E,
    payload: ServerEventMap[E],
    userIds: string[] = [],
  ): void {
    const rooms = [...conversationIds.map(conversationRoom), ...userIds.map(userRoom)];
    if (rooms.length === 0) return;
    if (this.server) broadcast(this.server.to(rooms), event, payload);
  }

  joinConversation(userId: string, conversationId: string): void {
    this.server?.in(userRoom(userId)).socketsJoin(conversationRoom(conversationId));
  }

  endSession(sessionId: string): void {
    this.server?.in(sessionRoom(sessionId)).disconnectSockets(true);
  }

  leaveConversation(userId: string, conversationId: string): void {
    this.server?.in(userRoom(userId)).socketsLeave(conversationRoom(conversationId));
  }
}
