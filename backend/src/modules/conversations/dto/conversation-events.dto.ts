import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min } from 'class-validator';

/** `conversation:read` from a client (validated with the same rules as REST). */
export class ReadEventDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  conversationId: string;

  @ApiProperty({ minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  seq: number;
}

/** `conversation:read` to the other members: a read receipt. */
export class ReadReceiptDto {
  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty()
  seq: number;
}

/** `conversation:delivered` from a client: its devices have everything up to `seq`. */
export class DeliveredEventDto extends ReadEventDto {}

/** `conversation:delivered` to the other members: a delivered receipt. */
export class DeliveredReceiptDto extends ReadReceiptDto {}

export class ConversationRemovedEventDto {
  @ApiProperty({ format: 'uuid' })
  conversationId: string;
}
