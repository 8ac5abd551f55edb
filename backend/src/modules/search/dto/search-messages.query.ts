import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { IntRange, TrimmedText, ValidateUuid } from '../../../common/openapi';

export const MAX_QUERY_LENGTH = 200;
export const MAX_SEARCH_PAGE = 50;
export const DEFAULT_SEARCH_PAGE = 20;

export class SearchMessagesQuery {
  @TrimmedText({
    min: 1,
    max: MAX_QUERY_LENGTH,
    field: 'q',
    description:
      'Words to find (trimmed), as in web search: all words must match, `"quoted words"` match as a phrase, `-word` excludes, `or` between words gives alternatives; the last word also matches as a prefix. Case and accents are ignored.',
    example: 'cafe "release notes" -draft',
  })
  // Postgres text cannot hold NUL (the URL check refuses it first; this keeps the DTO honest).
  // eslint-disable-next-line no-control-regex
  @Matches(/^[^\u0000]*$/, { message: 'q must not contain NUL characters' })
  q: string;

  @ValidateUuid({
    optional: true,
    description: 'Only this conversation (404 when the caller is not a member)',
  })
  conversationId?: string;

  @IntRange({
    min: 1,
    max: MAX_SEARCH_PAGE,
    default: DEFAULT_SEARCH_PAGE,
    optional: true,
    query: true,
  })
  limit?: number;

  @ApiPropertyOptional({
    description: 'nextCursor of the previous page',
    minLength: 1,
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @Length(1, 200, { message: 'cursor is invalid' })
  cursor?: string;
}
