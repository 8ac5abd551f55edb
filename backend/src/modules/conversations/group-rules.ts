import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { CONVERSATION_NOT_FOUND } from './access/conversation-access.service';
import type { ConversationEntity } from './conversation.entity';
import type { ConversationsRepository } from './conversations.repository';
import type { MemberRole } from './member.entity';

/*
 * Who may change a conversation. Each rule refuses with the 403 its caller names, so every
 * operation keeps its own wording; the checks run in the order the operations list them.
 */

/** Titles, roles and changing members exist in groups and channels: a direct chat is fixed. */
export function requireGroup(conversation: ConversationEntity, refusal: string): void {
  if (conversation.type === 'direct') throw new ForbiddenException(refusal);
}

/** Renaming, adding and removing others: the owner or an admin. */
export function requireOwnerOrAdmin(role: MemberRole, refusal: string): void {
  if (role === 'member') throw new ForbiddenException(refusal);
}

/** Changing roles and ending the group: the owner alone. */
export function requireOwner(role: MemberRole, refusal: string): void {
  if (role !== 'owner') throw new ForbiddenException(refusal);
}

/** Nobody removes the owner or changes their role: an owner leaves, handing the group over. */
export function requireNotOwner(role: MemberRole, refusal: string): void {
  if (role === 'owner') throw new ForbiddenException(refusal);
}

/** The conversation, or 404 (it may have ended since the membership check). */
export async function requireConversation(
  conversations: ConversationsRepository,
  id: string,
): Promise<ConversationEntity> {
  const conversation = await conversations.findById(id);
  if (!conversation) throw new NotFoundException(CONVERSATION_NOT_FOUND);
  return conversation;
}

/** The member an operation acts on, or 404. */
export async function requireTarget(
  conversations: ConversationsRepository,
  conversationId: string,
  userId: string,
): Promise<{ role: MemberRole }> {
  const member = await conversations.findMember(conversationId, userId);
  if (!member) throw new NotFoundException('member not found');
  return member;
}
