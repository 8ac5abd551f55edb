import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AttachmentDto } from '../../attachments/dto/attachment.dto';
import { UserDto } from '../../users/dto/user.dto';
import { LinkPreviewDto } from '../link-preview/link-preview.dto';
import { ReactionDto } from '../reactions/dto/reaction.dto';
import { SYSTEM_ACTIONS, type SystemAction } from '../system-event';

/** What a system message records, so clients can render (and translate) it themselves. */
export class SystemEventDto {
  @ApiProperty({ enum: SYSTEM_ACTIONS, enumName: 'SystemAction' })
  action: SystemAction;

  @ApiProperty({
    format: 'uuid',
    description:
      'Who made the change (ownership_transferred: the previous owner, who left; member_left: who left)',
  })
  actorId: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description:
      'created: the other initial members; members_added: who was added; member_removed, role_changed: the member; ownership_transferred: the new owner',
  })
  userIds?: string[];

  @ApiPropertyOptional({ description: 'created, channel_created, renamed: the title' })
  title?: string;

  @ApiPropertyOptional({ description: 'topic_changed: the new topic (empty: cleared)' })
  topic?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'message_pinned: the pinned message' })
  messageId?: string;

  @ApiPropertyOptional({
    enum: ['admin', 'member'],
    description: 'role_changed: the new role',
  })
  role?: 'admin' | 'member';

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'Display names of the actor and the users when it happened, by user id (lines written before wave 3 have none)',
  })
  names?: Record<string, string>;
}

/** Where a forwarded message came from, as it was when forwarded. */
export class ForwardedFromDto {
  @ApiProperty({ format: 'uuid' })
  messageId: string;

  @ApiProperty({ description: "The original sender's display name" })
  senderName: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

/** A thread root's live summary (`thread:updated` carries the same). */
export class ThreadSummaryDto {
  @ApiProperty()
  replyCount: number;

  @ApiProperty({ format: 'date-time' })
  lastReplyAt: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Who replied, in the order of their first reply',
  })
  participantIds: string[];
}

export class MessageDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty({ description: 'Position in the conversation: 1, 2, 3... with no gaps' })
  seq: number;

  @ApiProperty({ type: UserDto })
  sender: UserDto;

  @ApiProperty({ type: String, nullable: true, description: 'Null once deleted' })
  body: string | null;

  @ApiProperty()
  clientMessageId: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  replyToId: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The thread this message replies in (its root); null outside threads',
  })
  threadRootId: string | null;

  @ApiProperty({
    description:
      'A thread reply also shown in the conversation (and counted in its unread); false otherwise',
  })
  alsoToConversation: boolean;

  @ApiProperty({
    type: ForwardedFromDto,
    nullable: true,
    description: 'A forwarded message: its source; null otherwise',
  })
  forwardedFrom: ForwardedFromDto | null;

  @ApiProperty({
    type: ThreadSummaryDto,
    nullable: true,
    description: 'On a thread root with replies: its summary; null otherwise',
  })
  thread: ThreadSummaryDto | null;

  @ApiProperty({ enum: ['text', 'system', 'bot'], enumName: 'MessageKind' })
  kind: 'text' | 'system' | 'bot';

  @ApiProperty({
    enum: ['complete', 'streaming', 'failed', 'stopped'],
    enumName: 'MessageStatus',
    description:
      'A bot reply is `streaming` while written, then `complete`, `failed` (see `failureReason`) or `stopped` (its reader stopped it: the body is what was written until then)',
  })
  status: 'complete' | 'streaming' | 'failed' | 'stopped';

  @ApiProperty({
    type: SystemEventDto,
    nullable: true,
    description: 'The group change a system message records; null for other kinds',
  })
  system: SystemEventDto | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why a bot reply failed (status "failed"), in a few words; null otherwise',
  })
  failureReason: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  editedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deletedAt: string | null;

  @ApiProperty({
    type: LinkPreviewDto,
    nullable: true,
    description:
      'The preview of the first http(s) link of a text message; null until a worker made it (it then arrives as message:updated), or when the page has none',
  })
  linkPreview: LinkPreviewDto | null;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description:
      'Members mentioned as @username (people and bots); a name that is not a member mentions nobody',
  })
  mentions: string[];

  @ApiProperty({ description: '@here: the message mentions every member (groups only)' })
  mentionsHere: boolean;

  @ApiProperty({
    type: [ReactionDto],
    description:
      'Reactions, ordered by the first time each emoji was used; empty for deleted and system messages',
  })
  reactions: ReactionDto[];

  @ApiProperty({
    type: [AttachmentDto],
    description:
      'Files and images sent with the message, in the order attached; empty once deleted',
  })
  attachments: AttachmentDto[];
}

export class MessagePageDto {
  @ApiProperty({ type: [MessageDto], description: 'In ascending seq' })
  items: MessageDto[];

  @ApiProperty({
    description:
      'More messages exist beyond this page (older for newest/beforeSeq, newer for afterSeq)',
  })
  hasMore: boolean;

  @ApiPropertyOptional({
    description: 'With aroundSeq only: newer messages exist beyond this page',
  })
  hasMoreAfter?: boolean;
}
