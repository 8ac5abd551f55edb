import type { UserDto } from '../users/dto/user.dto';
import type { MessageDto } from './dto/message.dto';
import type { MessageEntity } from './message.entity';

export function toMessageDto(message: MessageEntity, sender: UserDto): MessageDto {
  return {
    id: message.id,
    conversationId: message.conversationId,
    seq: Number(message.seq),
    sender,
    body: message.body,
    clientMessageId: message.clientMessageId,
    replyToId: message.replyToId,
    threadRootId: message.threadRootId,
    alsoToConversation: message.alsoToConversation,
    forwardedFrom: message.forwardedFrom,
    // Hydrated by MessageViews for thread roots.
    thread: null,
    kind: message.kind,
    status: message.status,
    system: message.system,
    failureReason: message.failureReason,
    mentions: message.mentions,
    mentionsHere: message.mentionsHere,
    createdAt: message.createdAt.toISOString(),
    editedAt: message.editedAt?.toISOString() ?? null,
    deletedAt: message.deletedAt?.toISOString() ?? null,
    linkPreview: message.linkPreview ?? null,
    // Hydrated per page by MessagesService; a message just written has none.
    reactions: [],
    // Hydrated by MessagesService from the attachments module (attachment_ids).
    attachments: [],
  };
}
