import type { ServerEventModels } from '../../realtime/contract/event-maps';
import { SocketEvent } from '../../realtime/contract/socket-event';
import { ThreadUpdatedEventDto } from './dto/thread.dto';

declare module '../../realtime/contract/event-maps' {
  interface ServerEventMap {
    [SocketEvent.ThreadUpdated]: ThreadUpdatedEventDto;
  }
}

/** The same, as classes for the OpenAPI document, with what each event means to a client. */
export const THREAD_SERVER_EVENTS = {
  [SocketEvent.ThreadUpdated]: {
    payload: ThreadUpdatedEventDto,
    description:
      "A thread got a reply: the root's new summary (keep the one with the highest replyCount)",
  },
} satisfies ServerEventModels;
