import type { ServerEventModels } from '../realtime/contract/event-maps';
import { SocketEvent } from '../realtime/contract/socket-event';
import { PresenceEventDto } from './dto/presence.dto';

declare module '../realtime/contract/event-maps' {
  interface ServerEventMap {
    /** Someone who shares a conversation with the user came online or went offline. */
    [SocketEvent.Presence]: PresenceEventDto;
  }
}

/** The same, as classes for the OpenAPI document. */
export const PRESENCE_SERVER_EVENTS = {
  [SocketEvent.Presence]: PresenceEventDto,
} satisfies ServerEventModels;
