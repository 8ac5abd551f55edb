import { ApiProperty } from '@nestjs/swagger';

/** Everyone who reacted to a message with one emoji. */
export class ReactionDto {
  @ApiProperty({ example: '👍' })
  emoji: string;

  @ApiProperty({ description: 'How many people reacted with this emoji (userIds.length)' })
  count: number;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Who reacted, in the order they did',
  })
  userIds: string[];
}

export class MessageReactionsDto {
  @ApiProperty({
    type: [ReactionDto],
    description: 'Every emoji on the message, ordered by the first time it was used',
  })
  reactions: ReactionDto[];
}
