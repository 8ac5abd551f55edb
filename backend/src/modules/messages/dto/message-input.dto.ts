import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
} from 'class-validator';
import { IntRange, TrimmedText, ValidateUuid } from '../../../common/openapi';

export const MAX_BODY_LENGTH = 4000;
export const MAX_ATTACHMENTS = 10;

export class SendMessageDto {
  @ApiProperty({
    description:
      'Chosen by the client (e.g. a UUID); retrying with the same id never creates a second message',
    pattern: '^[A-Za-z0-9_-]{1,64}$',
  })
  @IsString()
  @Matches(/^[\w-]{1,64}$/, { message: 'clientMessageId must be 1-64 letters, digits, - or _' })
  clientMessageId: string;

  @TrimmedText({
    min: 1,
    max: MAX_BODY_LENGTH,
    field: 'body',
    optional: true,
    description: 'Trimmed. Required unless attachmentIds are given (400 otherwise)',
  })
  body?: string;

  @ValidateUuid({
    optional: true,
    description: 'A message of the same conversation (400 otherwise)',
  })
  replyToId?: string;

  @ValidateUuid({
    optional: true,
    description:
      'Replies in the thread of this message: a message of the same conversation that is not itself a thread reply (400 otherwise)',
  })
  threadRootId?: string;

  @ApiPropertyOptional({
    description:
      'With threadRootId: also show the reply in the conversation, where it counts as unread',
  })
  @IsOptional()
  @IsBoolean()
  alsoToConversation?: boolean;

  @ValidateUuid({
    optional: true,
    each: true,
    maxItems: MAX_ATTACHMENTS,
    description: `Files the sender uploaded to this conversation, shown in this order (at most ${MAX_ATTACHMENTS}, no repeats)`,
  })
  @IsArray()
  @ArrayMaxSize(MAX_ATTACHMENTS)
  @ArrayUnique()
  attachmentIds?: string[];

  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'Schedules the text instead of sending it now (202, see /scheduled): in the future and at most a year ahead (409 otherwise); text only, no attachments, reply or thread (409)',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'sendAt must be an ISO-8601 date-time' })
  sendAt?: string;
}

export class EditMessageDto {
  @TrimmedText({ min: 1, max: MAX_BODY_LENGTH, field: 'body', description: 'Trimmed' })
  body: string;
}

export class ListMessagesQuery {
  @IntRange({
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    optional: true,
    query: true,
    description:
      'Messages with seq below this (older). At most one of beforeSeq, afterSeq, aroundSeq',
  })
  beforeSeq?: number;

  @IntRange({
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
    optional: true,
    query: true,
    description: 'Messages with seq above this (newer): catch-up',
  })
  afterSeq?: number;

  @IntRange({
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    optional: true,
    query: true,
    description:
      'The page around this seq (it included, about half older and half newer): to open a conversation at a search hit',
  })
  aroundSeq?: number;

  @IntRange({ min: 1, max: 100, default: 50, optional: true, query: true })
  limit?: number;
}
