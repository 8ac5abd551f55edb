import type { ClientEventModels, ClientEventTypes, ServerEventModels } from './contract/event-maps';
import { SocketEvent } from './contract/socket-event';
import { TypingBroadcastDto, TypingEventDto } from './dto/typing.dto';

// Typing is the gateway's own event: it relays it between sockets and stores nothing.
declare module './contract/event-maps' {
  interface ServerEventMap {
    [SocketEvent.Typing]: TypingBroadcastDto;
  }
  interface ClientEventMap {
    [SocketEvent.Typing]: ClientEventTypes<TypingEventDto, null>;
  }
}

/** The same, as classes for the OpenAPI document. */
export const TYPING_SERVER_EVENTS = {
  [SocketEvent.Typing]: TypingBroadcastDto,
} satisfies ServerEventModels;

export const TYPING_CLIENT_EVENTS = {
  [SocketEvent.Typing]: { payload: TypingEventDto, result: null },
} satisfies ClientEventModels;
