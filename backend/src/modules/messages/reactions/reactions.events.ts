import type { ServerEventModels } from '../../realtime/contract/event-maps';
import { SocketEvent } from '../../realtime/contract/socket-event';
import { ReactionUpdatedEventDto } from './dto/reaction-updated-event.dto';

declare module '../../realtime/contract/event-maps' {
  interface ServerEventMap {
    [SocketEvent.ReactionUpdated]: ReactionUpdatedEventDto;
  }
}

/** The same, as classes for the OpenAPI document, with what each event means to a client. */
export const REACTION_SERVER_EVENTS = {
  [SocketEvent.ReactionUpdated]: {
    payload: ReactionUpdatedEventDto,
    description: "A message's whole set of reactions after someone changed theirs",
  },
} satisfies ServerEventModels;
