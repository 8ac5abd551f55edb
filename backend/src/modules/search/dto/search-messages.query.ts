import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { trim } from '../../../common/transforms';

export const MAX_QUERY_LENGTH = 200;
export const MAX_SEARCH_PAGE = 50;
export const DEFAULT_SEARCH_PAGE = 20;

export class SearchMessagesQuery {
  @ApiProperty({
    minLength: 1,
    maxLength: MAX_QUERY_LENGTH,
    description:
      'Words to find (trimmed), as in web search: all words must match, `"quoted words"` match as a phrase, `-word` excludes, `or` between words gives alternatives; the last word also matches as a prefix. Case and accents are ignored.',
    example: 'cafe "release notes" -draft',
  })
  @Transform(trim)
  @IsString()
  @Length(1, MAX_QUERY_LENGTH, { message: `q must be 1-${MAX_QUERY_LENGTH} characters` })
  // Postgres text cannot hold NUL (the URL check refuses it first; this keeps the DTO honest).
  // eslint-disable-next-line no-control-regex
  @Matches(/^[^\u0000]*$/, { message: 'q must not contain NUL characters' })
  q: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Only this conversation (404 when the caller is not a member)',
  })
  @IsOptional()
  @IsUUID()
  conversationId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_SEARCH_PAGE, default: DEFAULT_SEARCH_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SEARCH_PAGE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200, { message: 'cursor is invalid' })
  cursor?: string;
}
