import {
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import { SocketEvent } from '../realtime/contract/socket-event';
import { UsersService } from '../users/users.service';
import { CONVERSATION_NOT_FOUND, ConversationAccess } from './access/conversation-access.service';
import { ConversationSummariesService } from './conversation-summaries.service';
import { ConversationsRepository } from './conversations.repository';
import { MAX_GROUP_MEMBERS } from './dto/conversation-input.dto';
import type { ConversationSummaryDto } from './dto/conversation.dto';
import { GroupChanges } from './group-changes';
import { GroupLifeService } from './group-life.service';
import {
  requireConversation,
  requireGroup,
  requireNotOwner,
  requireOwnerOrAdmin,
  requireTarget,
} from './group-rules';

/** Who is in a group: an owner or admin adds and removes people; anyone may leave. */
@Injectable()
export class MembershipService {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly users: UsersService,
    private readonly access: ConversationAccess,
    private readonly summaries: ConversationSummariesService,
    private readonly changes: GroupChanges,
    private readonly groups: GroupLifeService,
    private readonly realtime: RealtimePublisher,
  ) {}

  /**
   * Adds people (already-members are skipped) under the conversation's row lock, so
   * concurrent adds cannot pass MAX_GROUP_MEMBERS. The added get the full summary, the room
   * the "added" line; each added member's read marker sits just before that line.
   */
  async addMembers(
    conversationId: string,
    callerId: string,
    userIds: string[],
  ): Promise<ConversationSummaryDto> {
    const caller = await this.access.requireMember(conversationId, callerId);
    const conversation = await requireConversation(this.conversations, conversationId);
    requireGroup(conversation, 'only groups can be changed');
    requireOwnerOrAdmin(caller.role, 'only the owner or an admin can do this');
    const wanted = [...new Set(userIds)];
    await this.users.requireUsers(wanted);
    const people = await this.changes.people([callerId, ...wanted]);
    if (
      conversation.type === 'channel' &&
      wanted.some((id) => people.get(id)?.serverRole === 'guest')
    ) {
      throw new ForbiddenException('guests cannot be added to channels');
    }
    const change = await this.conversations.transaction(async (manager) => {
      if (!(await this.conversations.lock(manager, conversationId)))
        throw new NotFoundException(CONVERSATION_NOT_FOUND);
      const members = await this.conversations.memberIds(manager, conversationId);
      const current = new Set(members);
      const added = wanted.filter((id) => !current.has(id));
      if (added.length === 0) return null;
      // Channels are open to the whole workspace: the cap is a group's.
      if (conversation.type === 'group' && members.length + added.length > MAX_GROUP_MEMBERS) {
        throw new ConflictException(
          `a group has at most ${MAX_GROUP_MEMBERS} members (it has ${members.length})`,
        );
      }
      const line = await this.changes.record(manager, conversationId, people, {
        action: 'members_added',
        actorId: callerId,
        userIds: added,
      });
      await this.conversations.insertMembers(manager, conversationId, added, line.seq - 1);
      return { added, line };
    });
    const added = change?.added ?? [];
    const [own, ...theirs] = await this.summaries.summariesFor(conversationId, [
      callerId,
      ...added,
    ]);
    if (change) {
      added.forEach((userId, i) => {
        this.realtime.joinConversation(userId, conversationId);
        this.realtime.toUser(userId, SocketEvent.ConversationUpdated, theirs[i]);
      });
      await this.changes.announceLines([change.line]);
    }
    return own;
  }

  /**
   * Owner/admin removes someone; anyone removes themselves (leave). Others cannot remove the
   * owner; an owner who leaves hands the group over (see `GroupLifeService.leave`).
   */
  async removeMember(conversationId: string, callerId: string, userId: string): Promise<void> {
    const caller = await this.access.requireMember(conversationId, callerId);
    const conversation = await requireConversation(this.conversations, conversationId);
    requireGroup(conversation, 'direct conversations have fixed members');
    if (callerId === userId) {
      return this.groups.leave(
        conversationId,
        callerId,
        caller.role,
        conversation.type === 'channel',
      );
    }
    const target = await requireTarget(this.conversations, conversationId, userId);
    requireNotOwner(target.role, 'the owner cannot be removed');
    requireOwnerOrAdmin(caller.role, 'only the owner or an admin can remove members');
    const people = await this.changes.people([callerId, userId]);
    const line = await this.conversations.transaction(async (manager) => {
      // Under the lock an owner who leaves at the same moment cannot pick this member as heir.
      if (!(await this.conversations.lock(manager, conversationId))) return null;
      if (!(await this.conversations.removeMember(manager, conversationId, userId))) return null;
      return this.changes.record(manager, conversationId, people, {
        action: 'member_removed',
        actorId: callerId,
        userIds: [userId],
      });
    });
    this.changes.announceRemoval(conversationId, userId);
    if (line) await this.changes.announceLines([line]);
  }
}
