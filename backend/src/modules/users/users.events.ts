import type { ServerEventModels } from '../realtime/contract/event-maps';
import { SocketEvent } from '../realtime/contract/socket-event';
import { UserDto } from './dto/user.dto';

declare module '../realtime/contract/event-maps' {
  interface ServerEventMap {
    [SocketEvent.UserUpdated]: UserDto;
  }
}

/** The same, as classes for the OpenAPI document, with what each event means to a client. */
export const USER_SERVER_EVENTS = {
  [SocketEvent.UserUpdated]: {
    payload: UserDto,
    description:
      'Someone who shares a conversation with the user (or the user) changed their profile',
  },
} satisfies ServerEventModels;
