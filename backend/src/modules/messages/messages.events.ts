import type {
  ClientEventModels,
  ClientEventTypes,
  ServerEventModels,
} from '../realtime/contract/event-maps';
import { SocketEvent } from '../realtime/contract/socket-event';
import {
  MessageDeletedEventDto,
  MessageDeltaEventDto,
  SendMessageEventDto,
} from './dto/message-events.dto';
import { MessageDto } from './dto/message.dto';

// The message events' payloads, owned here and added to the realtime contract's maps.
declare module '../realtime/contract/event-maps' {
  interface ServerEventMap {
    [SocketEvent.MessageNew]: MessageDto;
    [SocketEvent.MessageUpdated]: MessageDto;
    [SocketEvent.MessageDeleted]: MessageDeletedEventDto;
    [SocketEvent.MessageDelta]: MessageDeltaEventDto;
  }
  interface ClientEventMap {
    [SocketEvent.MessageSend]: ClientEventTypes<SendMessageEventDto, MessageDto>;
  }
}

/** The same, as classes for the OpenAPI document, with what each event means to a client. */
export const MESSAGE_SERVER_EVENTS = {
  [SocketEvent.MessageNew]: {
    payload: MessageDto,
    description: "A message in one of the user's conversations (system lines too)",
  },
  [SocketEvent.MessageUpdated]: {
    payload: MessageDto,
    description:
      'A message was edited, or a bot reply ended (final body, status complete or failed)',
  },
  [SocketEvent.MessageDeleted]: {
    payload: MessageDeletedEventDto,
    description: 'A message was deleted',
  },
  [SocketEvent.MessageDelta]: {
    payload: MessageDeltaEventDto,
    description: 'The next chunk of a bot reply being written (status: streaming)',
  },
} satisfies ServerEventModels;

export const MESSAGE_CLIENT_EVENTS = {
  [SocketEvent.MessageSend]: {
    payload: SendMessageEventDto,
    result: MessageDto,
    description: 'Sends a message; idempotent on clientMessageId, like REST',
  },
} satisfies ClientEventModels;
