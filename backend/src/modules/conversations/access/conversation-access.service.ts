import { Injectable, NotFoundException } from '@nestjs/common';
import type { MemberRole } from '../member.entity';
import { MembershipRepository } from './membership.repository';

export const CONVERSATION_NOT_FOUND = 'conversation not found';

/** Membership checks for the conversation's own module and for the modules built on it. */
@Injectable()
export class ConversationAccess {
  constructor(private readonly memberships: MembershipRepository) {}

  /** The caller's role; 404 (never 403) for non-members so existence is not revealed. */
  async requireMember(conversationId: string, userId: string): Promise<{ role: MemberRole }> {
    const role = await this.memberships.roleOf(conversationId, userId);
    if (!role) throw new NotFoundException(CONVERSATION_NOT_FOUND);
    return { role };
  }

  /** The caller's role, or null when they are not a member. */
  roleOf(conversationId: string, userId: string): Promise<MemberRole | null> {
    return this.memberships.roleOf(conversationId, userId);
  }

  /** The conversations the user is in: whom to tell when something about them changes. */
  conversationIdsOf(userId: string): Promise<string[]> {
    return this.memberships.conversationIdsOf(userId);
  }

  /** Whether the user may remove other people's messages: a group's owner or admins. */
  canModerate(conversationId: string, userId: string): Promise<boolean> {
    return this.memberships.isGroupModerator(conversationId, userId);
  }
}
