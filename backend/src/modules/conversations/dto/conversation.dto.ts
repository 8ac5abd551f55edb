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

  @ApiProperty({
    description:
      "Highest seq this member's devices have received (delivered ticks); never moves backwards",
  })
  lastDeliveredSeq: number;
}

export class ConversationSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['direct', 'group', 'channel'], enumName: 'ConversationType' })
  type: 'direct' | 'group' | 'channel';

  @ApiProperty({ type: String, nullable: true, description: 'Groups and channels only' })
  title: string | null;

  @ApiProperty({ type: String, nullable: true, description: "A channel's topic" })
  topic: string | null;

  @ApiProperty({ description: 'Archived: readable, but sends are refused (403)' })
  archived: boolean;

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

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      "When the caller's mute ends by itself; null when not muted or muted until turned off",
  })
  mutedUntil: string | null;

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

/** A channel as anyone in the workspace may see it before joining: never its messages. */
export class ChannelDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  topic: string | null;

  @ApiProperty()
  memberCount: number;

  @ApiProperty({ description: 'The caller is a member' })
  joined: boolean;

  @ApiProperty({ description: 'Archived: readable by its members, closed to new messages' })
  archived: boolean;
}

export class ChannelPageDto {
  @ApiProperty({ type: [ChannelDto] })
  items: ChannelDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
