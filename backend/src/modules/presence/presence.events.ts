import type { ServerEventModels } from '../realtime/contract/event-maps';
import { SocketEvent } from '../realtime/contract/socket-event';
import { PresenceEventDto } from './dto/presence.dto';

declare module '../realtime/contract/event-maps' {
  interface ServerEventMap {
    [SocketEvent.Presence]: PresenceEventDto;
  }
}

/** The same, as classes for the OpenAPI document, with what each event means to a client. */
export const PRESENCE_SERVER_EVENTS = {
  [SocketEvent.Presence]: {
    payload: PresenceEventDto,
    description: 'Someone who shares a conversation with the user came online or went offline',
  },
} satisfies ServerEventModels;
