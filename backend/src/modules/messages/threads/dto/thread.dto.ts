import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IntRange } from '../../../../common/openapi';
import { MessageDto } from '../../dto/message.dto';

/** `thread:updated`: a thread's summary after a reply, to the conversation's room. */
export class ThreadUpdatedEventDto {
  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty({ format: 'uuid' })
  rootId: string;

  @ApiProperty({
    description:
      'Replies so far; events may arrive out of order across instances: keep the highest',
  })
  replyCount: number;

  @ApiProperty({ format: 'date-time' })
  lastReplyAt: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Who replied, in the order of their first reply',
  })
  participantIds: string[];
}

/** One followed thread in GET /threads: its root, its summary and the caller's unread in it. */
export class FollowedThreadDto {
  @ApiProperty({ type: MessageDto, description: 'The root message, with its `thread` summary' })
  root: MessageDto;

  @ApiProperty({ description: "The caller's read marker in the thread (a seq)" })
  lastReadSeq: number;

  @ApiProperty({ description: 'Replies from others after the read marker' })
  unreadCount: number;
}

export class ThreadPageDto {
  @ApiProperty({ type: [FollowedThreadDto], description: 'Unread first, then newest reply first' })
  items: FollowedThreadDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class ListThreadsQuery {
  @IntRange({ min: 1, max: 100, default: 30, optional: true, query: true })
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class ListThreadQuery {
  @IntRange({
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    optional: true,
    query: true,
    description: 'Replies with seq below this (older). At most one of beforeSeq, afterSeq',
  })
  beforeSeq?: number;

  @IntRange({
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
    optional: true,
    query: true,
    description: 'Replies with seq above this (newer): catch-up',
  })
  afterSeq?: number;

  @IntRange({ min: 1, max: 100, default: 50, optional: true, query: true })
  limit?: number;
}

export class MarkThreadReadDto {
  @IntRange({
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
    description: 'Highest seq of the thread read; never moves back',
  })
  seq: number;
}
