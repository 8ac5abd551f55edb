import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import {
  HasVisibleText,
  IntRange,
  NOT_BLANK,
  TrimmedText,
  ValidateUuid,
} from '../../../common/openapi';
import { trim } from '../../../common/transforms';

export const MAX_GROUP_MEMBERS = 256;
export const MAX_TOPIC_LENGTH = 250;

/**
 * The body of POST /conversations: one class validates the three shapes; the document describes
 * them as `oneOf` DirectConversationInputDto, GroupConversationInputDto and
 * ChannelConversationInputDto.
 */
export class CreateConversationDto {
  @IsIn(['direct', 'group', 'channel'])
  type: 'direct' | 'group' | 'channel';

  @ValidateIf((o: CreateConversationDto) => o.type === 'direct')
  @IsUUID()
  userId?: string;

  @ValidateIf((o: CreateConversationDto) => o.type !== 'direct')
  @Transform(trim)
  @IsString()
  @Length(1, 100, { message: 'title must be 1-100 characters' })
  @HasVisibleText({ message: 'title must be 1-100 characters' })
  title?: string;

  @ValidateIf((o: CreateConversationDto) => o.type === 'channel' && o.topic !== undefined)
  @Transform(trim)
  @IsString()
  @MaxLength(MAX_TOPIC_LENGTH)
  topic?: string;

  @ValidateIf((o: CreateConversationDto) => o.type === 'group')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_GROUP_MEMBERS - 1)
  @IsUUID('all', { each: true })
  memberIds?: string[];
}

export class DirectConversationInputDto {
  @ApiProperty({ enum: ['direct'] })
  type: 'direct';

  @ApiProperty({ format: 'uuid', description: 'The other person (or bot)' })
  userId: string;
}

export class GroupConversationInputDto {
  @ApiProperty({ enum: ['group'] })
  type: 'group';

  @ApiProperty({ minLength: 1, maxLength: 100, pattern: NOT_BLANK, description: 'Trimmed' })
  title: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: MAX_GROUP_MEMBERS - 1,
    description: 'The other members',
  })
  memberIds: string[];
}

export class ChannelConversationInputDto {
  @ApiProperty({ enum: ['channel'] })
  type: 'channel';

  @ApiProperty({ minLength: 1, maxLength: 100, pattern: NOT_BLANK, description: 'Trimmed' })
  title: string;

  @ApiPropertyOptional({
    maxLength: MAX_TOPIC_LENGTH,
    description: 'What the channel is about (trimmed; empty for none)',
  })
  topic?: string;
}

/** PATCH /conversations/:id: a new title (groups and channels) and/or topic (channels). */
export class RenameConversationDto {
  @TrimmedText({ min: 1, max: 100, field: 'title', optional: true })
  title?: string;

  @ApiPropertyOptional({
    maxLength: MAX_TOPIC_LENGTH,
    description: 'Channels only: the new topic (trimmed; empty clears it)',
  })
  @ValidateIf((_o, value) => value !== undefined)
  @Transform(trim)
  @IsString()
  @MaxLength(MAX_TOPIC_LENGTH)
  topic?: string;
}

export class ListChannelsQuery {
  @ApiPropertyOptional({
    description: 'Only channels whose title contains this text (any letter case)',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  query?: string;

  @IntRange({ min: 1, max: 100, default: 30, optional: true, query: true })
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class AddMembersDto {
  @ValidateUuid({ each: true, minItems: 1, maxItems: MAX_GROUP_MEMBERS - 1 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_GROUP_MEMBERS - 1)
  userIds: string[];
}

export class ChangeRoleDto {
  @ApiProperty({ enum: ['admin', 'member'] })
  @IsIn(['admin', 'member'])
  role: 'admin' | 'member';
}

export class MarkReadDto {
  @IntRange({
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
    description: 'Highest seq read; clamped to lastSeq, never moves back',
  })
  seq: number;
}

export class MarkUnreadDto {
  @IntRange({
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    description: 'The first unread message: the marker becomes seq - 1 (400 unless 1..lastSeq)',
  })
  seq: number;
}

export class ListConversationsQuery {
  @IntRange({ min: 1, max: 100, default: 30, optional: true, query: true })
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

/** A timed mute lasts a year at most. */
const MAX_MUTE_MINUTES = 525_600;

export class MuteConversationDto {
  @ApiProperty({ description: 'true mutes the conversation for the caller, false unmutes it' })
  @IsBoolean()
  muted: boolean;

  /** Without it a mute lasts until turned off. */
  @IntRange({
    min: 1,
    max: MAX_MUTE_MINUTES,
    optional: true,
    description: 'Mute for this many minutes (a year at most); without it, until unmuted',
  })
  forMinutes?: number;
}
