import type { ServerEvent, ServerEventMap } from './event-maps';

/** What a process's sockets are told, as it is told (see `ConversationEventFeed`). */
export interface ConversationEventListener {
  /** An event this process delivers to its sockets (its own broadcasts and other instances'). */
  event<E extends ServerEvent>(event: E, payload: ServerEventMap[E]): void;
  /** This process holds no socket of the conversation any more: its events stop arriving. */
  roomClosed(conversationId: string): void;
}

/**
 * The events this process receives for its sockets, for in-process caches that follow them.
 * The Redis adapter relays a conversation's events only to the instances holding a socket in
 * its room, so a follower may trust what it heard only while `follows` says so.
 */
export abstract class ConversationEventFeed {
  abstract listen(listener: ConversationEventListener): void;
  /** Whether this process receives the conversation's events now (a socket is in its room). */
  abstract follows(conversationId: string): boolean;
}

/** For processes without a Socket.IO server (worker, CLI): they follow nothing. */
export class NoConversationEventFeed extends ConversationEventFeed {
  listen(): void {}
  follows(): boolean {
    return false;
  }
}
