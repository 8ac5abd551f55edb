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
import { IntRange, NOT_BLANK, TrimmedText, ValidateUuid } from '../../../common/openapi';
import { trim } from '../../../common/transforms';

export const MAX_GROUP_MEMBERS = 256;

/**
 * The body of POST /conversations: one class validates both shapes; the document describes them
 * as `oneOf` DirectConversationInputDto and GroupConversationInputDto.
 */
export class CreateConversationDto {
  @IsIn(['direct', 'group'])
  type: 'direct' | 'group';

  @ValidateIf((o: CreateConversationDto) => o.type === 'direct')
  @IsUUID()
  userId?: string;

  @ValidateIf((o: CreateConversationDto) => o.type === 'group')
  @Transform(trim)
  @IsString()
  @Length(1, 100, { message: 'title must be 1-100 characters' })
  title?: string;

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

export class RenameConversationDto {
  @TrimmedText({ min: 1, max: 100, field: 'title' })
  title: string;
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

export class MuteConversationDto {
  @ApiProperty({ description: 'true mutes the conversation for the caller, false unmutes it' })
  @IsBoolean()
  muted: boolean;
}
