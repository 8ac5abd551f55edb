import type { ReminderDto, ScheduledMessageDto } from './dto/scheduled.dto';
import type { ReminderEntity } from './reminder.entity';
import type { ScheduledMessageEntity } from './scheduled-message.entity';

export const toScheduledDto = (row: ScheduledMessageEntity): ScheduledMessageDto => ({
  id: row.id,
  conversationId: row.conversationId,
  body: row.body,
  sendAt: row.sendAt.toISOString(),
  status: row.status,
  failureReason: row.failureReason,
  messageId: row.messageId,
  createdAt: row.createdAt.toISOString(),
});

export const toReminderDto = (row: ReminderEntity): ReminderDto => ({
  id: row.id,
  messageId: row.messageId,
  conversationId: row.conversationId,
  remindAt: row.remindAt.toISOString(),
  status: row.status,
  failureReason: row.failureReason,
  createdAt: row.createdAt.toISOString(),
});

const YEAR_MS = 366 * 86_400_000;

/** A time a person may schedule for: after now, within a year; else why not. */
export function refusalOfTime(at: string, field: string, now = Date.now()): string | null {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) return `${field} must be an ISO-8601 date-time`;
  if (ms <= now) return `${field} must be in the future`;
  if (ms - now > YEAR_MS) return `${field} must be at most a year ahead`;
  return null;
}
