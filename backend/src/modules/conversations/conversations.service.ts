import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MessagesService } from '../messages/messages.service';
import type { SystemEvent } from '../messages/system-event';
import { SocketEvent } from '../realtime/events';
import { RealtimePublisher } from '../realtime/realtime.publisher';
import type { UserDto } from '../users/dto/user.dto';
import { UsersService } from '../users/users.service';
import { CONVERSATION_NOT_FOUND, ConversationAccess } from './access/conversation-access.service';
import type { ConversationEntity } from './conversation.entity';
import { ConversationsRepository } from './conversations.repository';
import { type CreateConversationDto, MAX_GROUP_MEMBERS } from './dto/conversation-input.dto';
import type {
  ConversationPageDto,
  ConversationSummaryDto,
  MemberDto,
  UnreadStateDto,
} from './dto/conversation.dto';
import type { MemberEntity, MemberRole } from './member.entity';
import { describeSystemEvent } from './system-lines';

const DEFAULT_PAGE_SIZE = 30;

/** What only one member sees of a conversation: their mute and their unread mentions. */
interface Personal {
  muted: boolean;
  mentionCount: number;
}
const NOT_PERSONAL: Personal = { muted: false, mentionCount: 0 };
const personalKey = (conversationId: string, userId: string) => `${conversationId}:${userId}`;

/** A system message written in a group change's transaction, announced once it committed. */
interface SystemLine {
  id: string;
  seq: number;
}

const directKey = (a: string, b: string) => (a < b ? `${a}:${b}` : `${b}:${a}`);
const encodeCursor = (c: ConversationEntity) =>
  Buffer.from(`${c.updatedAt.toISOString()}|${c.id}`).toString('base64url');
function decodeCursor(cursor: string): { updatedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const updatedAt = new Date(at);
  if (!id || Number.isNaN(updatedAt.getTime()))
    throw new BadRequestException(['cursor is invalid']);
  return { updatedAt, id };
}

@Injectable()
export class ConversationsService {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly users: UsersService,
    private readonly access: ConversationAccess,
    private readonly messages: MessagesService,
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

  async list(
    userId: string,
    query: { limit?: number; cursor?: string },
  ): Promise<ConversationPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    const rows = await this.conversations.listForUser(userId, after, limit + 1);
    const page = rows.slice(0, limit);
    const items = await this.summarize(
      page.map((r) => r.conversation),
      userId,
    );
    return {
      items,
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].conversation) : null,
    };
  }

  async get(conversationId: string, userId: string): Promise<ConversationSummaryDto> {
    await this.access.requireMember(conversationId, userId);
    return this.summaryFor(conversationId, userId);
  }

  async rename(
    conversationId: string,
    callerId: string,
    title: string,
  ): Promise<ConversationSummaryDto> {
    const { conversation } = await this.requireGroupAdmin(conversationId, callerId);
    if (conversation.title !== title) {
      const people = await this.people([callerId]);
      const line = await this.conversations.transaction(async (manager) => {
        await this.conversations.rename(manager, conversationId, title);
        return this.record(manager, conversationId, people, {
          action: 'renamed',
          actorId: callerId,
          title,
        });
      });
      await this.announceLines([line]);
    }
    return this.summaryFor(conversationId, callerId);
  }

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
    await this.requireGroupAdmin(conversationId, callerId);
    const wanted = [...new Set(userIds)];
    await this.users.requireUsers(wanted);
    const people = await this.people([callerId, ...wanted]);
    const change = await this.conversations.transaction(async (manager) => {
      if (!(await this.conversations.lock(manager, conversationId)))
        throw new NotFoundException(CONVERSATION_NOT_FOUND);
      const members = await this.conversations.memberIds(manager, conversationId);
      const current = new Set(members);
      const added = wanted.filter((id) => !current.has(id));
      if (added.length === 0) return null;
      if (members.length + added.length > MAX_GROUP_MEMBERS) {
        throw new ConflictException(
          `a group has at most ${MAX_GROUP_MEMBERS} members (it has ${members.length})`,
        );
      }
      const line = await this.record(manager, conversationId, people, {
        action: 'members_added',
        actorId: callerId,
        userIds: added,
      });
      await this.conversations.insertMembers(manager, conversationId, added, line.seq - 1);
      return { added, line };
    });
    const summary = await this.summaryFor(conversationId, null);
    const personal = await this.personalFor(
      summary.id,
      [callerId, ...(change?.added ?? [])],
      summary.lastSeq,
    );
    if (change) {
      for (const userId of change.added) {
        this.realtime.joinConversation(userId, conversationId);
        this.realtime.toUser(
          userId,
          SocketEvent.ConversationUpdated,
          this.personalize(summary, userId, personal.get(personalKey(summary.id, userId))),
        );
      }
      await this.announceLines([change.line]);
    }
    return this.personalize(summary, callerId, personal.get(personalKey(summary.id, callerId)));
  }

  /**
   * The owner ends a group: its members, messages and the group itself are deleted, and every
   * member is told (`conversation:removed`), the way a group left by its last member ends.
   */
  async deleteGroup(conversationId: string, callerId: string): Promise<void> {
    const caller = await this.access.requireMember(conversationId, callerId);
    const conversation = await this.getConversation(conversationId);
    if (conversation.type !== 'group')
      throw new ForbiddenException('direct conversations cannot be deleted');
    if (caller.role !== 'owner') throw new ForbiddenException('only the owner can delete a group');
    const memberIds = await this.conversations.transaction(async (manager) => {
      // Under the lock nobody joins between reading the members and deleting the group.
      if (!(await this.conversations.lock(manager, conversationId))) return [];
      const ids = await this.conversations.memberIds(manager, conversationId);
      await this.conversations.delete(manager, conversationId);
      return ids;
    });
    for (const userId of memberIds) this.announceRemoval(conversationId, userId);
  }

  /**
   * Owner/admin removes someone; anyone removes themselves (leave). Others cannot remove the
   * owner; an owner who leaves hands the group over (see `leave`).
   */
  async removeMember(conversationId: string, callerId: string, userId: string): Promise<void> {
    const caller = await this.access.requireMember(conversationId, callerId);
    const conversation = await this.getConversation(conversationId);
    if (conversation.type !== 'group')
      throw new ForbiddenException('direct conversations have fixed members');
    if (callerId === userId) return this.leave(conversationId, callerId, caller.role);
    const target = await this.conversations.findMember(conversationId, userId);
    if (!target) throw new NotFoundException('member not found');
    if (target.role === 'owner') throw new ForbiddenException('the owner cannot be removed');
    if (caller.role === 'member') {
      throw new ForbiddenException('only the owner or an admin can remove members');
    }
    const people = await this.people([callerId, userId]);
    const line = await this.conversations.transaction(async (manager) => {
      // Under the lock an owner who leaves at the same moment cannot pick this member as heir.
      if (!(await this.conversations.lock(manager, conversationId))) return null;
      if (!(await this.conversations.removeMember(manager, conversationId, userId))) return null;
      return this.record(manager, conversationId, people, {
        action: 'member_removed',
        actorId: callerId,
        userIds: [userId],
      });
    });
    this.announceRemoval(conversationId, userId);
    if (line) await this.announceLines([line]);
  }

  async changeRole(
    conversationId: string,
    callerId: string,
    userId: string,
    role: 'admin' | 'member',
  ) {
    const caller = await this.access.requireMember(conversationId, callerId);
    const conversation = await this.getConversation(conversationId);
    if (conversation.type !== 'group')
      throw new ForbiddenException('direct conversations have no roles');
    if (caller.role !== 'owner') throw new ForbiddenException('only the owner can change roles');
    const target = await this.conversations.findMember(conversationId, userId);
    if (!target) throw new NotFoundException('member not found');
    if (target.role === 'owner') throw new ForbiddenException("the owner's role cannot change");
    if (target.role !== role) {
      const people = await this.people([callerId, userId]);
      const line = await this.conversations.transaction(async (manager) => {
        // Under the lock, against the role as it is now (a hand-over may have just happened).
        await this.conversations.lock(manager, conversationId);
        if (!(await this.conversations.setRole(manager, conversationId, userId, role))) return null;
        return this.record(manager, conversationId, people, {
          action: 'role_changed',
          actorId: callerId,
          userIds: [userId],
          role,
        });
      });
      if (line) await this.announceLines([line]);
    }
    return this.summaryFor(conversationId, callerId);
  }

  /** Moves the caller's read marker forward and tells the other members (read receipts). */
  async markRead(conversationId: string, userId: string, seq: number): Promise<void> {
    await this.access.requireMember(conversationId, userId);
    const marker = await this.conversations.advanceReadMarker(conversationId, userId, seq);
    if (marker !== null) {
      this.realtime.toConversation(conversationId, SocketEvent.ConversationRead, {
        conversationId,
        userId,
        seq: marker,
      });
    }
  }

  /**
   * Makes `seq` and everything after it unread for the caller. A private act: only the
   * caller's own sockets hear of it (`conversation:unread`), so every device updates its badge.
   */
  async markUnread(conversationId: string, userId: string, seq: number): Promise<UnreadStateDto> {
    await this.access.requireMember(conversationId, userId);
    if (!(await this.conversations.markUnreadFrom(conversationId, userId, seq))) {
      throw new BadRequestException(['seq must be between 1 and the last message (lastSeq)']);
    }
    const summary = await this.summaryFor(conversationId, userId);
    const state: UnreadStateDto = {
      conversationId,
      lastReadSeq: summary.lastReadSeq,
      unreadCount: summary.unreadCount,
      mentionCount: summary.mentionCount,
    };
    this.realtime.toUser(userId, SocketEvent.ConversationUnread, state);
    return state;
  }

  /**
   * Mutes or unmutes the conversation for the caller; their other devices learn it through
   * `conversation:updated` in their own room.
   */
  async setMuted(
    conversationId: string,
    userId: string,
    muted: boolean,
  ): Promise<ConversationSummaryDto> {
    await this.access.requireMember(conversationId, userId);
    if (!(await this.conversations.setMuted(conversationId, userId, muted)))
      throw new NotFoundException(CONVERSATION_NOT_FOUND);
    const summary = await this.summaryFor(conversationId, userId);
    this.realtime.toUser(userId, SocketEvent.ConversationUpdated, summary);
    return summary;
  }

  /** Conversation ids whose rooms a user's sockets join on connect. */
  conversationIdsOf(userId: string): Promise<string[]> {
    return this.conversations.conversationIdsOf(userId);
  }

  /** Those of `userIds` who share a conversation with `userId` (themselves included if asked). */
  sharingWith(userId: string, userIds: string[]): Promise<string[]> {
    return this.conversations.sharingWith(userId, userIds);
  }

  private async createDirect(callerId: string, otherId: string) {
    if (otherId === callerId)
      throw new BadRequestException(['userId must be someone other than you']);
    const key = directKey(callerId, otherId);
    const existing = await this.conversations.findByDirectKey(key);
    // An existing one opens even with someone deactivated since: their history stays readable.
    if (existing)
      return { created: false, conversation: await this.summaryFor(existing.id, callerId) };
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
      return {
        created: true,
        conversation: await this.announceCreation(conversation.id, [callerId, otherId], callerId),
      };
    } catch (error) {
      // Both people opened the chat at once: the other request created it first.
      const raced = await this.conversations.findByDirectKey(key);
      if (!raced) throw error;
      return { created: false, conversation: await this.summaryFor(raced.id, callerId) };
    }
  }

  private async createGroup(callerId: string, title: string, memberIds: string[]) {
    const others = [...new Set(memberIds)].filter((id) => id !== callerId);
    if (others.length === 0)
      throw new BadRequestException(['memberIds must name someone other than you']);
    await this.users.requireUsers(others);
    const people = await this.people([callerId, ...others]);
    const { conversation, line } = await this.conversations.transaction(async (manager) => {
      const created = await this.conversations.create(
        manager,
        { type: 'group', title, createdBy: callerId },
        [
          { userId: callerId, role: 'owner' },
          ...others.map((userId) => ({ userId, role: 'member' as const })),
        ],
      );
      const first = await this.record(manager, created.id, people, {
        action: 'created',
        actorId: callerId,
        title,
        userIds: others,
      });
      return { conversation: created, line: first };
    });
    const summary = await this.announceCreation(conversation.id, [callerId, ...others], callerId);
    await this.announceLines([line]);
    return { created: true, conversation: summary };
  }

  /**
   * Leaves a group. An owner who leaves hands it to the longest-standing admin, else the
   * longest-standing member; when nobody is left the group ends (its rows are deleted).
   */
  private async leave(conversationId: string, userId: string, role: MemberRole): Promise<void> {
    // An owner's line names the heir: everyone's name is at hand before the row lock.
    const people = await this.people(
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
        await this.conversations.delete(manager, conversationId);
        return [];
      }
      const left = await this.record(manager, conversationId, people, {
        action: 'member_left',
        actorId: userId,
      });
      if (removed !== 'owner') return [left];
      await this.conversations.setRole(manager, conversationId, successor, 'owner');
      const named = people.has(successor)
        ? people
        : new Map([...people, ...(await this.people([successor]))]);
      const handedOver = await this.record(manager, conversationId, named, {
        action: 'ownership_transferred',
        actorId: userId,
        userIds: [successor],
      });
      return [left, handedOver];
    });
    this.announceRemoval(conversationId, userId);
    await this.announceLines(lines);
  }

  /** People by id, for the lines that name them (a missing account reads "Deleted user"). */
  private async people(userIds: string[]): Promise<Map<string, UserDto>> {
    const users = await this.users.getUsersByIds([...new Set(userIds)]);
    return new Map(users.map((u) => [u.id, u]));
  }

  /** Writes a system message in the caller's transaction; it commits with the change. */
  private record(
    manager: EntityManager,
    conversationId: string,
    people: Map<string, UserDto>,
    event: SystemEvent,
  ): Promise<SystemLine> {
    const nameOf = (id: string) => people.get(id)?.displayName ?? 'Deleted user';
    return this.conversations.appendSystemMessage(manager, {
      conversationId,
      actorId: event.actorId,
      body: describeSystemEvent(event, nameOf),
      event,
    });
  }

  /** System lines go to the room, like any message: members apply them to their summary. */
  private announceLines(lines: SystemLine[]): Promise<void> {
    return this.messages.announceCommitted(lines.map((line) => line.id));
  }

  /** Takes a removed (or leaving) user's sockets out of the room and tells them. */
  private announceRemoval(conversationId: string, userId: string): void {
    this.realtime.leaveConversation(userId, conversationId);
    this.realtime.toUser(userId, SocketEvent.ConversationRemoved, { conversationId });
  }

  /** Moves the members' sockets into the room, tells them, and returns the caller's summary. */
  private async announceCreation(
    conversationId: string,
    memberIds: string[],
    callerId: string,
  ): Promise<ConversationSummaryDto> {
    for (const userId of memberIds) this.realtime.joinConversation(userId, conversationId);
    return this.announceUpdate(conversationId, callerId);
  }

  /** Tells every member, and returns the caller's summary built from the same query. */
  private async announceUpdate(
    conversationId: string,
    callerId: string,
  ): Promise<ConversationSummaryDto> {
    const { base, personal } = await this.broadcastSummaries(conversationId);
    return this.personalize(base, callerId, personal.get(personalKey(base.id, callerId)));
  }

  /** Each member gets `conversation:updated` with their own read marker and unread count. */
  private async broadcastSummaries(conversationId: string) {
    const conversation = await this.getConversation(conversationId);
    const members = await this.conversations.membersOf([conversationId]);
    const summaries = await this.summarize([conversation], null, members);
    const base = summaries[0];
    const personal = await this.personalOf(members, base.lastSeq);
    for (const member of members) {
      this.realtime.toUser(
        member.userId,
        SocketEvent.ConversationUpdated,
        this.personalize(base, member.userId, personal.get(personalKey(base.id, member.userId))),
      );
    }
    return { base, personal };
  }

  private async requireGroupAdmin(conversationId: string, callerId: string) {
    const member = await this.access.requireMember(conversationId, callerId);
    const conversation = await this.getConversation(conversationId);
    if (conversation.type !== 'group') throw new ForbiddenException('only groups can be changed');
    if (member.role === 'member')
      throw new ForbiddenException('only the owner or an admin can do this');
    return { conversation, member };
  }

  private async getConversation(id: string): Promise<ConversationEntity> {
    const conversation = await this.conversations.findById(id);
    if (!conversation) throw new NotFoundException(CONVERSATION_NOT_FOUND);
    return conversation;
  }

  /** One conversation's summary, for `userId` (or not yet personalised: null). */
  private async summaryFor(
    conversationId: string,
    userId: string | null,
  ): Promise<ConversationSummaryDto> {
    const [summary] = await this.summarize([await this.getConversation(conversationId)], userId);
    return summary;
  }

  /** Builds summaries with three batched queries: members, their users, last messages. */
  private async summarize(
    conversations: ConversationEntity[],
    viewerId: string | null,
    knownMembers?: MemberEntity[],
  ): Promise<ConversationSummaryDto[]> {
    if (conversations.length === 0) return [];
    const ids = conversations.map((c) => c.id);
    const members = knownMembers ?? (await this.conversations.membersOf(ids));
    const [users, lastMessages] = await Promise.all([
      this.users.getUsersByIds([...new Set(members.map((m) => m.userId))]),
      this.messages.lastMessages(
        conversations.map((c) => ({ conversationId: c.id, seq: Number(c.lastSeq) })),
      ),
    ]);
    const userById = new Map<string, UserDto>(users.map((u) => [u.id, u]));
    const lastSeqOf = new Map(conversations.map((c) => [c.id, Number(c.lastSeq)]));
    const personal = viewerId
      ? await this.personalOf(
          members.filter((m) => m.userId === viewerId),
          (id) => lastSeqOf.get(id) ?? 0,
        )
      : new Map<string, Personal>();
    return conversations.map((c) => {
      const own = members.filter((m) => m.conversationId === c.id);
      const memberDtos: MemberDto[] = own
        .filter((m) => userById.has(m.userId))
        .map((m) => ({
          user: userById.get(m.userId)!,
          role: m.role,
          lastReadSeq: Number(m.lastReadSeq),
        }));
      const lastSeq = Number(c.lastSeq);
      const summary: ConversationSummaryDto = {
        id: c.id,
        type: c.type,
        title: c.title,
        members: memberDtos,
        lastMessage: lastMessages.get(c.id) ?? null,
        lastSeq,
        lastReadSeq: 0,
        unreadCount: lastSeq,
        mentionCount: 0,
        muted: false,
        updatedAt: c.updatedAt.toISOString(),
      };
      return viewerId
        ? this.personalize(summary, viewerId, personal.get(personalKey(c.id, viewerId)))
        : summary;
    });
  }

  private personalize(
    summary: ConversationSummaryDto,
    viewerId: string,
    personal: Personal = NOT_PERSONAL,
  ): ConversationSummaryDto {
    const lastReadSeq = summary.members.find((m) => m.user.id === viewerId)?.lastReadSeq ?? 0;
    return {
      ...summary,
      lastReadSeq,
      unreadCount: Math.max(0, summary.lastSeq - lastReadSeq),
      ...personal,
    };
  }

  /** Mute and unread mentions of these members of one conversation. */
  private async personalFor(
    conversationId: string,
    userIds: string[],
    lastSeq: number,
  ): Promise<Map<string, Personal>> {
    const wanted = new Set(userIds);
    const members = (await this.conversations.membersOf([conversationId])).filter((m) =>
      wanted.has(m.userId),
    );
    return this.personalOf(members, lastSeq);
  }

  /** Mute and unread mentions per member; only members with unread messages are counted. */
  private async personalOf(
    members: MemberEntity[],
    lastSeq: number | ((conversationId: string) => number),
  ): Promise<Map<string, Personal>> {
    const lastSeqOf = typeof lastSeq === 'number' ? () => lastSeq : lastSeq;
    const counts = await this.conversations.mentionCounts(
      members.filter((m) => Number(m.lastReadSeq) < lastSeqOf(m.conversationId)),
    );
    return new Map(
      members.map((m) => {
        const key = personalKey(m.conversationId, m.userId);
        return [key, { muted: m.muted, mentionCount: counts.get(key) ?? 0 }];
      }),
    );
  }
}
