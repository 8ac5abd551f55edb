import { Injectable } from '@nestjs/common';
import type { Server } from 'socket.io';
import { conversationRoom, sessionRoom, type SocketEvent, userRoom } from './events';
import { RealtimePublisher } from './realtime.publisher';

/**
 * The API's publisher: emits through this process's Socket.IO server, whose Redis adapter
 * relays to the sockets held by every other instance.
 */
@Injectable()
export class SocketServerPublisher extends RealtimePublisher {
  private server?: Server;

  /** Called by the gateway once the Socket.IO server exists. */
  attach(server: Server): void {
    this.server = server;
  }

  toConversation(conversationId: string, event: SocketEvent, payload: unknown): void {
    this.server?.to(conversationRoom(conversationId)).emit(event, payload);
  }

  toUser(userId: string, event: SocketEvent, payload: unknown): void {
    this.server?.to(userRoom(userId)).emit(event, payload);
  }

  toConversations(
    conversationIds: string[],
    event: SocketEvent,
    payload: unknown,
    userIds: string[] = [],
  ): void {
    const rooms = [...conversationIds.map(conversationRoom), ...userIds.map(userRoom)];
    if (rooms.length === 0) return;
    this.server?.to(rooms).emit(event, payload);
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
