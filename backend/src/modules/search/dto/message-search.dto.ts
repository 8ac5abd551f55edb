import { ApiProperty } from '@nestjs/swagger';
import { MessageDto } from '../../messages/dto/message.dto';

export class HighlightPartDto {
  @ApiProperty({ description: 'Plain text: render it as text, never as HTML' })
  text: string;

  @ApiProperty({ description: 'Whether this part matched the query (to emphasise)' })
  match: boolean;
}

export class MessageHighlightDto {
  @ApiProperty({ format: 'uuid' })
  messageId: string;

  @ApiProperty({
    type: [HighlightPartDto],
    description:
      'An excerpt of about 20 words around the best match, in order; joined, the texts give the excerpt',
  })
  parts: HighlightPartDto[];
}

export class MessageSearchPageDto {
  @ApiProperty({ type: [MessageDto], description: 'Matching messages, newest first' })
  items: MessageDto[];

  @ApiProperty({
    type: [MessageHighlightDto],
    description: 'One excerpt per item, in the same order',
  })
  highlights: MessageHighlightDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for older matches; null on the last page',
  })
  nextCursor: string | null;
}
