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

/** The same, as classes for the OpenAPI document, with what each event means to a client. */
export const TYPING_SERVER_EVENTS = {
  [SocketEvent.Typing]: {
    payload: TypingBroadcastDto,
    description: 'Another member started or stopped typing',
  },
} satisfies ServerEventModels;

export const TYPING_CLIENT_EVENTS = {
  [SocketEvent.Typing]: {
    payload: TypingEventDto,
    result: null,
    description:
      'The user started or stopped typing (starts: at most one a second per conversation)',
  },
} satisfies ClientEventModels;
