import { ApiProperty, OmitType } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { SendMessageDto } from './message-input.dto';

/**
 * `message:send`: a REST send plus the conversation it goes to, validated with the same rules;
 * scheduling (`sendAt`) is REST only.
 */
export class SendMessageEventDto extends OmitType(SendMessageDto, ['sendAt'] as const) {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  conversationId: string;
}

export class MessageDeletedEventDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty()
  seq: number;
}

export class MessageDeltaEventDto {
  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty({ format: 'uuid' })
  messageId: string;

  @ApiProperty({ description: 'The next chunk of text of a streaming bot message' })
  delta: string;
}
