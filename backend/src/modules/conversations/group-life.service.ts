import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import { SocketEvent } from '../realtime/contract/socket-event';
import { UsersService } from '../users/users.service';
import { ConversationAccess } from './access/conversation-access.service';
import { ConversationSummariesService } from './conversation-summaries.service';
import { ConversationsRepository } from './conversations.repository';
import type { CreateConversationDto } from './dto/conversation-input.dto';
import type { ConversationSummaryDto } from './dto/conversation.dto';
import { GroupChanges } from './group-changes';
import {
  requireConversation,
  requireGroup,
  requireNotOwner,
  requireOwner,
  requireOwnerOrAdmin,
  requireTarget,
} from './group-rules';
import type { MemberRole } from './member.entity';

const directKey = (a: string, b: string) => (a < b ? `${a}:${b}` : `${b}:${a}`);

/**
 * A conversation's life: a direct chat or a group begins, a group is renamed, its roles change,
 * a member leaves (an owner hands it over), the owner ends it.
 */
@Injectable()
export class GroupLifeService {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly users: UsersService,
    private readonly access: ConversationAccess,
    private readonly summaries: ConversationSummariesService,
    private readonly changes: GroupChanges,
    private readonly realtime: RealtimePublisher,
  ) {}

  async create(
    callerId: string,
    input: CreateConversationDto,
  ): Promise<{ created: boolean; conversation: ConversationSummaryDto }> {
    return input.type === 'direct'
      ? this.createDirect(callerId, input.userId!)
      : this.createGroup(callerId, input.title!, input.memberIds!);
  }

  async rename(
    conversationId: string,
    callerId: string,
    title: string,
  ): Promise<ConversationSummaryDto> {
    const caller = await this.access.requireMember(conversationId, callerId);
    const conversation = await requireConversation(this.conversations, conversationId);
    requireGroup(conversation, 'only groups can be changed');
    requireOwnerOrAdmin(caller.role, 'only the owner or an admin can do this');
    if (conversation.title !== title) {
      const people = await this.changes.people([callerId]);
      const line = await this.conversations.transaction(async (manager) => {
        await this.conversations.rename(manager, conversationId, title);
        return this.changes.record(manager, conversationId, people, {
          action: 'renamed',
          actorId: callerId,
          title,
        });
      });
      await this.changes.announceLines([line]);
    }
    return this.summaries.summaryFor(conversationId, callerId);
  }

  async changeRole(
    conversationId: string,
    callerId: string,
    userId: string,
    role: 'admin' | 'member',
  ): Promise<ConversationSummaryDto> {
    const caller = await this.access.requireMember(conversationId, callerId);
    const conversation = await requireConversation(this.conversations, conversationId);
    requireGroup(conversation, 'direct conversations have no roles');
    requireOwner(caller.role, 'only the owner can change roles');
    const target = await requireTarget(this.conversations, conversationId, userId);
    requireNotOwner(target.role, "the owner's role cannot change");
    if (target.role !== role) {
      const people = await this.changes.people([callerId, userId]);
      const line = await this.conversations.transaction(async (manager) => {
        // Under the lock, against the role as it is now (a hand-over may have just happened).
        await this.conversations.lock(manager, conversationId);
        if (!(await this.conversations.setRole(manager, conversationId, userId, role))) return null;
        return this.changes.record(manager, conversationId, people, {
          action: 'role_changed',
          actorId: callerId,
          userIds: [userId],
          role,
        });
      });
      if (line) await this.changes.announceLines([line]);
    }
    return this.summaries.summaryFor(conversationId, callerId);
  }

  /**
   * Leaves a group. An owner who leaves hands it to the longest-standing admin, else the
   * longest-standing member; when nobody is left the group ends (its rows are deleted), unless
   * `keepWhenEmpty` (a channel stays findable, without an owner, for whoever joins next).
   */
  async leave(
    conversationId: string,
    userId: string,
    role: MemberRole,
    keepWhenEmpty = false,
  ): Promise<void> {
    // An owner's line names the heir: everyone's name is at hand before the row lock.
    const people = await this.changes.people(
      role === 'owner'
        ? (await this.conversations.membersOf([conversationId])).map((m) => m.userId)
        : [userId],
    );
    const lines = await this.conversations.transaction(async (manager) => {
      if (!(await this.conversations.lock(manager, conversationId))) return [];
      const removed = await this.conversations.removeMember(manager, conversationId, userId);
      if (!removed) return [];
      const successor = await this.conversations.successor(manager, conversationId);
      if (!successor) {
        if (!keepWhenEmpty) await this.conversations.delete(manager, conversationId);
        return [];
      }
      const left = await this.changes.record(manager, conversationId, people, {
        action: 'member_left',
        actorId: userId,
      });
      if (removed !== 'owner') return [left];
      await this.conversations.setRole(manager, conversationId, successor, 'owner');
      const named = people.has(successor)
        ? people
        : new Map([...people, ...(await this.changes.people([successor]))]);
      const handedOver = await this.changes.record(manager, conversationId, named, {
        action: 'ownership_transferred',
        actorId: userId,
        userIds: [successor],
      });
      return [left, handedOver];
    });
    this.changes.announceRemoval(conversationId, userId);
    await this.changes.announceLines(lines);
  }

  /**
   * A deleted account leaves every group and channel, as if it left each itself (owners hand
   * over); its direct conversations stay, so the other person keeps the history. How many.
   */
  async leaveAllGroups(userId: string): Promise<number> {
    const memberships = await this.conversations.groupMembershipsOf(userId);
    for (const m of memberships) {
      await this.leave(m.conversationId, userId, m.role, m.type === 'channel');
    }
    return memberships.length;
  }

  /**
   * The owner ends a group: its members, messages and the group itself are deleted, and every
   * member is told (`conversation:removed`), the way a group left by its last member ends.
   */
  async deleteGroup(conversationId: string, callerId: string): Promise<void> {
    const caller = await this.access.requireMember(conversationId, callerId);
    const conversation = await requireConversation(this.conversations, conversationId);
    requireGroup(conversation, 'direct conversations cannot be deleted');
    requireOwner(caller.role, 'only the owner can delete a group');
    if (conversation.isGeneral) throw new ForbiddenException('#general cannot be deleted');
    const memberIds = await this.conversations.transaction(async (manager) => {
      // Under the lock nobody joins between reading the members and deleting the group.
      if (!(await this.conversations.lock(manager, conversationId))) return [];
      const ids = await this.conversations.memberIds(manager, conversationId);
      await this.conversations.delete(manager, conversationId);
      return ids;
    });
    for (const userId of memberIds) this.changes.announceRemoval(conversationId, userId);
  }

  private async createDirect(callerId: string, otherId: string) {
    if (otherId === callerId)
      throw new BadRequestException(['userId must be someone other than you']);
    const key = directKey(callerId, otherId);
    const existing = await this.conversations.findByDirectKey(key);
    // An existing one opens even with someone deactivated since: their history stays readable.
    if (existing) {
      return {
        created: false,
        conversation: await this.summaries.summaryFor(existing.id, callerId),
      };
    }
    await this.users.requireUsers([otherId]);
    try {
      const conversation = await this.conversations.transaction((manager) =>
        this.conversations.create(
          manager,
          { type: 'direct', directKey: key, createdBy: callerId },
          [
            { userId: callerId, role: 'member' },
            { userId: otherId, role: 'member' },
          ],
        ),
      );
      // The other person hears of it with its first message (`message:new`), not before.
      for (const userId of [callerId, otherId]) {
        this.realtime.joinConversation(userId, conversation.id);
      }
      const summary = await this.summaries.summaryFor(conversation.id, callerId);
      this.realtime.toUser(callerId, SocketEvent.ConversationUpdated, summary);
      return { created: true, conversation: summary };
    } catch (error) {
      // Both people opened the chat at once: the other request created it first.
      const raced = await this.conversations.findByDirectKey(key);
      if (!raced) throw error;
      return { created: false, conversation: await this.summaries.summaryFor(raced.id, callerId) };
    }
  }

  private async createGroup(callerId: string, title: string, memberIds: string[]) {
    const others = [...new Set(memberIds)].filter((id) => id !== callerId);
    if (others.length === 0)
      throw new BadRequestException(['memberIds must name someone other than you']);
    await this.users.requireUsers(others);
    const people = await this.changes.people([callerId, ...others]);
    const { conversation, line } = await this.conversations.transaction(async (manager) => {
      const created = await this.conversations.create(
        manager,
        { type: 'group', title, createdBy: callerId },
        [
          { userId: callerId, role: 'owner' },
          ...others.map((userId) => ({ userId, role: 'member' as const })),
        ],
      );
      const first = await this.changes.record(manager, created.id, people, {
        action: 'created',
        actorId: callerId,
        title,
        userIds: others,
      });
      return { conversation: created, line: first };
    });
    const summary = await this.announceCreation(conversation.id, [callerId, ...others], callerId);
    await this.changes.announceLines([line]);
    return { created: true, conversation: summary };
  }

  /** Moves the members' sockets into the room, tells them, and returns the caller's summary. */
  private announceCreation(
    conversationId: string,
    memberIds: string[],
    callerId: string,
  ): Promise<ConversationSummaryDto> {
    for (const userId of memberIds) this.realtime.joinConversation(userId, conversationId);
    return this.summaries.announceToMembers(conversationId, callerId);
  }
}
