import { Inject, Injectable } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import { Redis } from 'ioredis';
import { broadcast } from './broadcast';
import type { ServerEvent, ServerEventMap, ServerToClientEvents } from './contract/event-maps';
import { RealtimePublisher } from './contract/realtime.publisher';
import { conversationRoom, sessionRoom, userRoom } from './contract/rooms';
import type { RedisClient } from '../../common/redis/redis.module';

/**
 * A worker's publisher: no Socket.IO server here, so events go through Redis to the API
 * instances' adapters, which deliver them to their sockets.
 */
@Injectable()
export class RedisEmitterPublisher extends RealtimePublisher {
  private readonly emitter: Emitter<ServerToClientEvents>;

  constructor(@Inject(Redis) redis: RedisClient) {
    super();
    // Events are best effort like the adapter's: a publish that fails while Redis is away must
    // not become an unhandled rejection.
    const publisher = {
      publish: (channel: string, message: string | Buffer) =>
        redis.publish(channel, message).catch(() => 0),
    };
    this.emitter = new Emitter<ServerToClientEvents>(publisher);
  }

  toConversation<E extends ServerEvent>(
    conversationId: string,
    event: E,
    payload: ServerEventMap[E],
  ): void {
    broadcast(this.emitter.to(conversationRoom(conversationId)), event, payload);
  }

  toUser<E extends ServerEvent>(userId: string, event: E, payload: ServerEventMap[E]): void {
    broadcast(this.emitter.to(userRoom(userId)), event, payload);
  }

  toConversations<E extends ServerEvent>(
    conversationIds: string[],
    event: E,
    payload: ServerEventMap[E],
    userIds: string[] = [],
  ): void {
    const rooms = [...conversationIds.map(conversationRoom), ...userIds.map(userRoom)];
    if (rooms.length === 0) return;
    broadcast(this.emitter.to(rooms), event, payload);
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
