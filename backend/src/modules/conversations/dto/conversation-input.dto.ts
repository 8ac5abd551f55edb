import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { trim } from '../../../common/transforms';

export const MAX_GROUP_MEMBERS = 256;

export class CreateConversationDto {
  @ApiProperty({ enum: ['direct', 'group'], enumName: 'ConversationType' })
  @IsIn(['direct', 'group'])
  type: 'direct' | 'group';

  @ApiPropertyOptional({ format: 'uuid', description: 'direct: the other person (or bot)' })
  @ValidateIf((o: CreateConversationDto) => o.type === 'direct')
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100, description: 'group: its title' })
  @ValidateIf((o: CreateConversationDto) => o.type === 'group')
  @Transform(trim)
  @IsString()
  @Length(1, 100, { message: 'title must be 1-100 characters' })
  title?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'group: the other members' })
  @ValidateIf((o: CreateConversationDto) => o.type === 'group')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_GROUP_MEMBERS - 1)
  @IsUUID('all', { each: true })
  memberIds?: string[];
}

export class RenameConversationDto {
  @ApiProperty({ minLength: 1, maxLength: 100 })
  @Transform(trim)
  @IsString()
  @Length(1, 100, { message: 'title must be 1-100 characters' })
  title: string;
}

export class AddMembersDto {
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_GROUP_MEMBERS - 1)
  @IsUUID('all', { each: true })
  userIds: string[];
}

export class ChangeRoleDto {
  @ApiProperty({ enum: ['admin', 'member'] })
  @IsIn(['admin', 'member'])
  role: 'admin' | 'member';
}

export class MarkReadDto {
  @ApiProperty({
    minimum: 0,
    description: 'Highest seq read; clamped to lastSeq, never moves back',
  })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  seq: number;
}

export class ListConversationsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 30 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
