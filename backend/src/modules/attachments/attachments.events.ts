import type { ServerEventModels } from '../realtime/contract/event-maps';
import { SocketEvent } from '../realtime/contract/socket-event';
import { AttachmentUpdatedEventDto } from './dto/attachment.dto';

declare module '../realtime/contract/event-maps' {
  interface ServerEventMap {
    [SocketEvent.AttachmentUpdated]: AttachmentUpdatedEventDto;
  }
}

/** The same, as classes for the OpenAPI document, with what each event means to a client. */
export const ATTACHMENT_SERVER_EVENTS = {
  [SocketEvent.AttachmentUpdated]: {
    payload: AttachmentUpdatedEventDto,
    description: "An image's thumbnail is ready (or it could not be read)",
  },
} satisfies ServerEventModels;
