import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsUUID } from 'class-validator';

/** `typing` from a client. Typing lives only in the gateway: nothing is stored. */
export class TypingEventDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  conversationId: string;

  @ApiProperty()
  @IsBoolean()
  isTyping: boolean;
}

/** `typing` to the other members of the conversation. */
export class TypingBroadcastDto {
  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty()
  isTyping: boolean;
}
