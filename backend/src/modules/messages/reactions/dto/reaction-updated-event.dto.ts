import { ApiProperty } from '@nestjs/swagger';
import { ReactionDto } from './reaction.dto';

/** A message's full set of reactions after a change, to the conversation's room. */
export class ReactionUpdatedEventDto {
  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty({ format: 'uuid' })
  messageId: string;

  @ApiProperty({ type: [ReactionDto], description: 'Ordered by the first use of each emoji' })
  reactions: ReactionDto[];
}
