import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IntRange } from '../../../common/openapi';
import { trim } from '../../../common/transforms';

export class SearchUsersQuery {
  @ApiPropertyOptional({
    description: 'Prefix of a username or display name (case-insensitive); empty lists everyone',
    maxLength: 64,
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(64)
  query?: string;

  @IntRange({ min: 1, max: 100, default: 20, optional: true, query: true })
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
