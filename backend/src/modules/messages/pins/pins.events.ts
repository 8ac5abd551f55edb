import type { ServerEventModels } from '../../realtime/contract/event-maps';
import { SocketEvent } from '../../realtime/contract/socket-event';
import { MessageUnpinnedEventDto } from './pins.dto';

declare module '../../realtime/contract/event-maps' {
  interface ServerEventMap {
    [SocketEvent.MessageUnpinned]: MessageUnpinnedEventDto;
  }
}

/** The same, as classes for the OpenAPI document, with what each event means to a client. */
export const PIN_SERVER_EVENTS = {
  [SocketEvent.MessageUnpinned]: {
    payload: MessageUnpinnedEventDto,
    description:
      'A message was unpinned (pinning arrives as its system line, `message:new`); sent only when it was pinned',
  },
} satisfies ServerEventModels;
