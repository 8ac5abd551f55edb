import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { TrimmedText, ValidateUuid } from '../../../common/openapi';
import { MAX_BODY_LENGTH } from '../../messages/dto/message-input.dto';

export const SCHEDULED_STATUSES = ['scheduled', 'sending', 'sent', 'failed', 'cancelled'] as const;

export const SEND_AT =
  'When to send it (ISO-8601): in the future and at most a year ahead (409 otherwise)';

/** A message waiting to be sent at `sendAt`, or what became of it. */
export class ScheduledMessageDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty()
  body: string;

  @ApiProperty({ format: 'date-time' })
  sendAt: string;

  @ApiProperty({
    enum: SCHEDULED_STATUSES,
    description:
      'scheduled: waiting (editable, cancellable); sending: being sent now; sent; failed (see failureReason); cancelled',
  })
  status: (typeof SCHEDULED_STATUSES)[number];

  @ApiProperty({ type: String, nullable: true, description: 'Why it was not sent' })
  failureReason: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The message it became',
  })
  messageId: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class ScheduledMessageListDto {
  @ApiProperty({ type: [ScheduledMessageDto], description: 'Soonest first' })
  items: ScheduledMessageDto[];
}

export class ListScheduledQuery {
  @ValidateUuid({ optional: true, description: 'Only those of this conversation' })
  conversationId?: string;
}

export class EditScheduledDto {
  @TrimmedText({
    min: 1,
    max: MAX_BODY_LENGTH,
    field: 'body',
    optional: true,
    description: 'The new text (trimmed)',
  })
  body?: string;

  @ApiPropertyOptional({ format: 'date-time', description: SEND_AT })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'sendAt must be an ISO-8601 date-time' })
  sendAt?: string;
}

/** A reminder about a message, due at `remindAt`, or what became of it. */
export class ReminderDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  messageId: string;

  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty({ format: 'date-time' })
  remindAt: string;

  @ApiProperty({
    enum: SCHEDULED_STATUSES,
    description:
      'scheduled: waiting (cancellable); sending; sent; failed (see failureReason); cancelled',
  })
  status: (typeof SCHEDULED_STATUSES)[number];

  @ApiProperty({ type: String, nullable: true })
  failureReason: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class ReminderListDto {
  @ApiProperty({ type: [ReminderDto], description: 'Soonest first' })
  items: ReminderDto[];
}

export class RemindDto {
  @ApiProperty({
    format: 'date-time',
    description:
      'When to remind (ISO-8601): in the future and at most a year ahead (409 otherwise)',
  })
  @IsISO8601({ strict: true }, { message: 'at must be an ISO-8601 date-time' })
  at: string;
}
