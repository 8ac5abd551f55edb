import type {
  ClientEventModels,
  ClientEventTypes,
  ServerEventModels,
} from '../realtime/contract/event-maps';
import { SocketEvent } from '../realtime/contract/socket-event';
import {
  ConversationRemovedEventDto,
  ReadEventDto,
  ReadReceiptDto,
} from './dto/conversation-events.dto';
import { ConversationSummaryDto, UnreadStateDto } from './dto/conversation.dto';

// The conversation events' payloads, owned here and added to the realtime contract's maps.
declare module '../realtime/contract/event-maps' {
  interface ServerEventMap {
    /** A read receipt, to the conversation's room. */
    [SocketEvent.ConversationRead]: ReadReceiptDto;
    /** The whole conversation, to people just added to it. */
    [SocketEvent.ConversationUpdated]: ConversationSummaryDto;
    /** You were removed, or left. */
    [SocketEvent.ConversationRemoved]: ConversationRemovedEventDto;
    /** The user marked a conversation unread (on any device). */
    [SocketEvent.ConversationUnread]: UnreadStateDto;
  }
  interface ClientEventMap {
    [SocketEvent.ConversationRead]: ClientEventTypes<ReadEventDto, null>;
  }
}

/** The same, as classes for the OpenAPI document. */
export const CONVERSATION_SERVER_EVENTS = {
  [SocketEvent.ConversationRead]: ReadReceiptDto,
  [SocketEvent.ConversationUpdated]: ConversationSummaryDto,
  [SocketEvent.ConversationRemoved]: ConversationRemovedEventDto,
  [SocketEvent.ConversationUnread]: UnreadStateDto,
} satisfies ServerEventModels;

export const CONVERSATION_CLIENT_EVENTS = {
  [SocketEvent.ConversationRead]: { payload: ReadEventDto, result: null },
} satisfies ClientEventModels;
