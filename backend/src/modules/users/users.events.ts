import type { ServerEventModels } from '../realtime/contract/event-maps';
import { SocketEvent } from '../realtime/contract/socket-event';
import { UserDto } from './dto/user.dto';

declare module '../realtime/contract/event-maps' {
  interface ServerEventMap {
    /** Someone who shares a conversation with the user (or the user) changed their profile. */
    [SocketEvent.UserUpdated]: UserDto;
  }
}

/** The same, as classes for the OpenAPI document. */
export const USER_SERVER_EVENTS = {
  [SocketEvent.UserUpdated]: UserDto,
} satisfies ServerEventModels;
