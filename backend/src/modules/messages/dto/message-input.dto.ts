import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { trim } from '../../../common/transforms';

export const MAX_BODY_LENGTH = 4000;

export class SendMessageDto {
  @ApiProperty({
    description:
      'Chosen by the client (e.g. a UUID); retrying with the same id never creates a second message',
    maxLength: 64,
  })
  @IsString()
  @Matches(/^[\w-]{1,64}$/, { message: 'clientMessageId must be 1-64 letters, digits, - or _' })
  clientMessageId: string;

  @ApiProperty({ minLength: 1, maxLength: MAX_BODY_LENGTH, description: 'Trimmed' })
  @Transform(trim)
  @IsString()
  @Length(1, MAX_BODY_LENGTH, { message: `body must be 1-${MAX_BODY_LENGTH} characters` })
  body: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A message of the same conversation' })
  @IsOptional()
  @IsUUID()
  replyToId?: string;
}

export class EditMessageDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_BODY_LENGTH })
  @Transform(trim)
  @IsString()
  @Length(1, MAX_BODY_LENGTH, { message: `body must be 1-${MAX_BODY_LENGTH} characters` })
  body: string;
}

export class ListMessagesQuery {
  @ApiPropertyOptional({ description: 'Messages with seq below this (older)', minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  beforeSeq?: number;

  @ApiPropertyOptional({
    description: 'Messages with seq above this (newer): catch-up',
    minimum: 0,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  afterSeq?: number;

  @ApiPropertyOptional({
    description:
      'The page around this seq (it included, about half older and half newer): to open a conversation at a search hit',
    minimum: 1,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  aroundSeq?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
