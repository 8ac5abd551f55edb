import type { ServerEvent, ServerEventMap, ServerToClientEvents } from './contract/event-maps';

/** A Socket.IO broadcast typed by the contract: the server's rooms, or the Redis emitter's. */
interface TypedBroadcast {
  emit<Ev extends ServerEvent>(event: Ev, ...args: Parameters<ServerToClientEvents[Ev]>): boolean;
}

/**
 * Emits one event to a broadcast. The publishers' signatures check `payload` against `event`;
 * for an event that is still a type parameter the compiler cannot resolve Socket.IO's
 * `Parameters<...>` of it, so this is the one place that says `[payload]` is exactly that.
 */
export function broadcast<E extends ServerEvent>(
  operator: TypedBroadcast,
  event: E,
  payload: ServerEventMap[E],
): void {
  operator.emit(event, ...([payload] as Parameters<ServerToClientEvents[E]>));
}
