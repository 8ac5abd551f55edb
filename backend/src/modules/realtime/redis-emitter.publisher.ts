import { Inject, Injectable } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import { Redis } from 'ioredis';
import { conversationRoom, sessionRoom, type SocketEvent, userRoom } from './events';
import { RealtimePublisher } from './realtime.publisher';

/**
 * A worker's publisher: no Socket.IO server here, so events go through Redis to the API
 * instances' adapters, which deliver them to their sockets.
 */
@Injectable()
export class RedisEmitterPublisher extends RealtimePublisher {
  private readonly emitter: Emitter;

  constructor(@Inject(Redis) redis: Redis) {
    super();
    // Events are best effort like the adapter's: a publish that fails while Redis is away must
    // not become an unhandled rejection.
    const publisher = {
      publish: (channel: string, message: string | Buffer) =>
        redis.publish(channel, message).catch(() => 0),
    };
    this.emitter = new Emitter(publisher);
  }

  toConversation(conversationId: string, event: SocketEvent, payload: unknown): void {
    this.emitter.to(conversationRoom(conversationId)).emit(event, payload);
  }

  toUser(userId: string, event: SocketEvent, payload: unknown): void {
    this.emitter.to(userRoom(userId)).emit(event, payload);
  }

  toConversations(
    conversationIds: string[],
    event: SocketEvent,
    payload: unknown,
    userIds: string[] = [],
  ): void {
    const rooms = [...conversationIds.map(conversationRoom), ...userIds.map(userRoom)];
    if (rooms.length === 0) return;
    this.emitter.to(rooms).emit(event, payload);
  }

  joinConversation(userId: string, conversationId: string): void {
    this.emitter.in(userRoom(userId)).socketsJoin(conversationRoom(conversationId));
  }

  endSession(sessionId: string): void {
    this.emitter.in(sessionRoom(sessionId)).disconnectSockets(true);
  }

  leaveConversation(userId: string, conversationId: string): void {
    this.emitter.in(userRoom(userId)).socketsLeave(conversationRoom(conversationId));
  }
}
