import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IntRange } from '../../../common/openapi';
import { MessageDto } from '../dto/message.dto';

export class SavedMessageDto {
  @ApiProperty({ type: MessageDto })
  message: MessageDto;

  @ApiProperty({ format: 'date-time' })
  savedAt: string;
}

export class SavedPageDto {
  @ApiProperty({ type: [SavedMessageDto], description: 'Most recently saved first' })
  items: SavedMessageDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class ListSavedQuery {
  @IntRange({ min: 1, max: 100, default: 30, optional: true, query: true })
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
