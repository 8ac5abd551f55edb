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
    /** The next chunk of a bot reply being written (`status: 'streaming'`). */
    [SocketEvent.MessageDelta]: MessageDeltaEventDto;
  }
  interface ClientEventMap {
    [SocketEvent.MessageSend]: ClientEventTypes<SendMessageEventDto, MessageDto>;
  }
}

/** The same, as classes for the OpenAPI document. */
export const MESSAGE_SERVER_EVENTS = {
  [SocketEvent.MessageNew]: MessageDto,
  [SocketEvent.MessageUpdated]: MessageDto,
  [SocketEvent.MessageDeleted]: MessageDeletedEventDto,
  [SocketEvent.MessageDelta]: MessageDeltaEventDto,
} satisfies ServerEventModels;

export const MESSAGE_CLIENT_EVENTS = {
  [SocketEvent.MessageSend]: { payload: SendMessageEventDto, result: MessageDto },
} satisfies ClientEventModels;
