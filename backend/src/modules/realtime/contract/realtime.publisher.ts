import type { ServerEvent, ServerEventMap } from './event-maps';

/**
 * How services tell connected clients about changes. Services depend on this abstraction,
 * never on the gateway: in the API it emits through the Socket.IO server (Redis adapter),
 * in a worker process through the Redis emitter; both reach sockets on every instance.
 * Every emit is typed by `ServerEventMap`: a payload of the wrong type does not compile.
 */
export abstract class RealtimePublisher {
  abstract toConversation<E extends ServerEvent>(
    conversationId: string,
    event: E,
    payload: ServerEventMap[E],
  ): void;
  abstract toUser<E extends ServerEvent>(
    userId: string,
    event: E,
    payload: ServerEventMap[E],
  ): void;
  /** One event to the members of any of these conversations (and these users), once per socket. */
  abstract toConversations<E extends ServerEvent>(
    conversationIds: string[],
    event: E,
    payload: ServerEventMap[E],
    userIds?: string[],
  ): void;
  /** Moves every socket of the user into / out of the conversation's room, on every instance. */
  abstract joinConversation(userId: string, conversationId: string): void;
  abstract leaveConversation(userId: string, conversationId: string): void;
  /** Disconnects every socket of a session that ended (signed out or revoked), everywhere. */
  abstract endSession(sessionId: string): void;
}
