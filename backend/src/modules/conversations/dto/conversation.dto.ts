import { ApiProperty } from '@nestjs/swagger';
import { MessageDto } from '../../messages/dto/message.dto';
import { UserDto } from '../../users/dto/user.dto';

export class MemberDto {
  @ApiProperty({ type: UserDto })
  user: UserDto;

  @ApiProperty({ enum: ['owner', 'admin', 'member'], enumName: 'MemberRole' })
  role: 'owner' | 'admin' | 'member';

  @ApiProperty({ description: 'Highest seq this member has read (read receipts)' })
  lastReadSeq: number;
}

export class ConversationSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['direct', 'group'], enumName: 'ConversationType' })
  type: 'direct' | 'group';

  @ApiProperty({ type: String, nullable: true, description: 'Groups only' })
  title: string | null;

  @ApiProperty({ type: [MemberDto] })
  members: MemberDto[];

  @ApiProperty({ type: MessageDto, nullable: true })
  lastMessage: MessageDto | null;

  @ApiProperty()
  lastSeq: number;

  @ApiProperty({ description: "The caller's read marker" })
  lastReadSeq: number;

  @ApiProperty({ description: 'lastSeq - lastReadSeq' })
  unreadCount: number;

  @ApiProperty({
    description:
      'Unread messages from others that mention the caller (@username) or everyone (@here)',
  })
  mentionCount: number;

  @ApiProperty({
    description:
      'The caller muted this conversation: no notifications or push except a direct @mention',
  })
  muted: boolean;

  @ApiProperty({ format: 'date-time', description: 'Last activity' })
  updatedAt: string;
}

/** The caller's read state of one conversation after mark-as-unread (also `conversation:unread`). */
export class UnreadStateDto {
  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty({ description: "The caller's read marker" })
  lastReadSeq: number;

  @ApiProperty({ description: 'lastSeq - lastReadSeq' })
  unreadCount: number;

  @ApiProperty({ description: 'Unread messages that mention the caller (or @here)' })
  mentionCount: number;
}

export class ConversationPageDto {
  @ApiProperty({ type: [ConversationSummaryDto] })
  items: ConversationSummaryDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
