import type {
  ClientEventModels,
  ClientEventTypes,
  ServerEventModels,
} from '../realtime/contract/event-maps';
import { SocketEvent } from '../realtime/contract/socket-event';
import {
  ConversationRemovedEventDto,
  DeliveredEventDto,
  DeliveredReceiptDto,
  ReadEventDto,
  ReadReceiptDto,
} from './dto/conversation-events.dto';
import { ConversationSummaryDto, UnreadStateDto } from './dto/conversation.dto';

// The conversation events' payloads, owned here and added to the realtime contract's maps.
declare module '../realtime/contract/event-maps' {
  interface ServerEventMap {
    [SocketEvent.ConversationRead]: ReadReceiptDto;
    [SocketEvent.ConversationDelivered]: DeliveredReceiptDto;
    [SocketEvent.ConversationUpdated]: ConversationSummaryDto;
    [SocketEvent.ConversationRemoved]: ConversationRemovedEventDto;
    [SocketEvent.ConversationUnread]: UnreadStateDto;
  }
  interface ClientEventMap {
    [SocketEvent.ConversationRead]: ClientEventTypes<ReadEventDto, null>;
    [SocketEvent.ConversationDelivered]: ClientEventTypes<DeliveredEventDto, null>;
  }
}

/** The same, as classes for the OpenAPI document, with what each event means to a client. */
export const CONVERSATION_SERVER_EVENTS = {
  [SocketEvent.ConversationRead]: {
    payload: ReadReceiptDto,
    description: 'A member read up to seq (read receipt)',
  },
  [SocketEvent.ConversationDelivered]: {
    payload: DeliveredReceiptDto,
    description: "A member's devices received everything up to seq (delivered tick)",
  },
  [SocketEvent.ConversationUpdated]: {
    payload: ConversationSummaryDto,
    description:
      "The whole conversation: to its members when it begins, to people just added, to the user's devices after a mute",
  },
  [SocketEvent.ConversationRemoved]: {
    payload: ConversationRemovedEventDto,
    description: 'The user was removed or left, or the group ended',
  },
  [SocketEvent.ConversationUnread]: {
    payload: UnreadStateDto,
    description: 'The user marked a conversation unread (on any device)',
  },
} satisfies ServerEventModels;

export const CONVERSATION_CLIENT_EVENTS = {
  [SocketEvent.ConversationRead]: {
    payload: ReadEventDto,
    result: null,
    description: "Moves the user's read marker forward",
  },
  [SocketEvent.ConversationDelivered]: {
    payload: DeliveredEventDto,
    result: null,
    description:
      "The user's devices received everything up to seq; sent coalesced, at most once a second per conversation",
  },
} satisfies ClientEventModels;
