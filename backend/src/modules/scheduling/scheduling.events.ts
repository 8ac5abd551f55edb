import type { ServerEventModels } from '../realtime/contract/event-maps';
import { SocketEvent } from '../realtime/contract/socket-event';
import { ReminderDto, ScheduledMessageDto } from './dto/scheduled.dto';

declare module '../realtime/contract/event-maps' {
  interface ServerEventMap {
    [SocketEvent.ScheduledUpdated]: ScheduledMessageDto;
    [SocketEvent.ReminderUpdated]: ReminderDto;
  }
}

/** The same, as classes for the OpenAPI document, with what each event means to a client. */
export const SCHEDULING_SERVER_EVENTS = {
  [SocketEvent.ScheduledUpdated]: {
    payload: ScheduledMessageDto,
    description:
      'To its author only: a scheduled message was created, edited, cancelled, sent or failed (replace it by id; drop it from pending lists unless status is scheduled or sending)',
  },
  [SocketEvent.ReminderUpdated]: {
    payload: ReminderDto,
    description:
      'To its owner only: a reminder was created, cancelled, sent or failed (replace it by id)',
  },
} satisfies ServerEventModels;
