import { ApiProperty } from '@nestjs/swagger';
import { MessageDto } from '../dto/message.dto';

export class PinDto {
  @ApiProperty({ type: MessageDto })
  message: MessageDto;

  @ApiProperty({ format: 'uuid', description: 'Who pinned it' })
  pinnedBy: string;

  @ApiProperty({ format: 'date-time' })
  pinnedAt: string;
}

export class PinListDto {
  @ApiProperty({ type: [PinDto], description: 'Newest pin first' })
  items: PinDto[];
}

/** A message was unpinned, to the conversation's room. */
export class MessageUnpinnedEventDto {
  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty({ format: 'uuid' })
  messageId: string;
}
