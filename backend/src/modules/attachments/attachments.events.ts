import type { ServerEventModels } from '../realtime/contract/event-maps';
import { SocketEvent } from '../realtime/contract/socket-event';
import { AttachmentUpdatedEventDto } from './dto/attachment.dto';

declare module '../realtime/contract/event-maps' {
  interface ServerEventMap {
    /** An image's thumbnail is ready (or it could not be read). */
    [SocketEvent.AttachmentUpdated]: AttachmentUpdatedEventDto;
  }
}

/** The same, as classes for the OpenAPI document. */
export const ATTACHMENT_SERVER_EVENTS = {
  [SocketEvent.AttachmentUpdated]: AttachmentUpdatedEventDto,
} satisfies ServerEventModels;
