import type { ServerEventModels } from '../realtime/contract/event-maps';
import { SocketEvent } from '../realtime/contract/socket-event';
import { InboxItemDto } from './dto/inbox.dto';

declare module '../realtime/contract/event-maps' {
  interface ServerEventMap {
    [SocketEvent.InboxUpdated]: InboxItemDto;
  }
}

/** The same, as classes for the OpenAPI document, with what each event means to a client. */
export const INBOX_SERVER_EVENTS = {
  [SocketEvent.InboxUpdated]: {
    payload: InboxItemDto,
    description:
      'To support agents only: a visitor asked for a person, or their request was claimed or closed (the item as it is now)',
  },
} satisfies ServerEventModels;
