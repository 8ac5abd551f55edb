import { Injectable } from '@nestjs/common';
import { MessagesService } from '../messages/messages.service';
import { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import { SocketEvent } from '../realtime/contract/socket-event';
import type { UserDto } from '../users/dto/user.dto';
import { UsersService } from '../users/users.service';
import { ConversationAccess } from './access/conversation-access.service';
import type { ConversationEntity } from './conversation.entity';
import { decodeCursor, encodeCursor } from './conversation-cursor';
import { ConversationsRepository } from './conversations.repository';
import type {
  ConversationPageDto,
  ConversationSummaryDto,
  MemberDto,
} from './dto/conversation.dto';
import { requireConversation } from './group-rules';
import type { MemberEntity } from './member.entity';

const DEFAULT_PAGE_SIZE = 30;

/**
 * What only one member sees of a conversation: their mute, their unread mentions, and the
 * thread-only replies after their marker, which their unread count leaves out.
 */
interface Personal {
  muted: boolean;
  mutedUntil: string | null;
  mentionCount: number;
  threadOnly: number;
}
const NOT_PERSONAL: Personal = { muted: false, mutedUntil: null, mentionCount: 0, threadOnly: 0 };

/** A mute is in force while it has no end or its end is still ahead. */
export function muteOf(member: Pick<MemberEntity, 'muted' | 'mutedUntil'>, now = Date.now()) {
  const muted = member.muted && (member.mutedUntil === null || member.mutedUntil.getTime() > now);
  return { muted, mutedUntil: muted ? (member.mutedUntil?.toISOString() ?? null) : null };
}
const personalKey = (conversationId: string, userId: string) => `${conversationId}:${userId}`;

/**
 * Conversation summaries: the list, one conversation, and the `conversation:updated` each
 * member gets, each personalised with the member's read marker, unread count, mute and mentions.
 */
@Injectable()
export class ConversationSummariesService {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly users: UsersService,
    private readonly access: ConversationAccess,
    private readonly messages: MessagesService,
    private readonly realtime: RealtimePublisher,
  ) {}

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

  /** One conversation's summary, for `userId` (or not yet personalised: null). */
  async summaryFor(conversationId: string, userId: string | null): Promise<ConversationSummaryDto> {
    const conversation = await requireConversation(this.conversations, conversationId);
    const [summary] = await this.summarize([conversation], userId);
    return summary;
  }

  /** One conversation's summary as each of these members sees it, in their order. */
  async summariesFor(conversationId: string, userIds: string[]): Promise<ConversationSummaryDto[]> {
    const summary = await this.summaryFor(conversationId, null);
    const personal = await this.personalFor(summary.id, userIds, summary.lastSeq);
    return userIds.map((userId) =>
      this.personalize(summary, userId, personal.get(personalKey(summary.id, userId))),
    );
  }

  /**
   * Each member gets `conversation:updated` with their own read marker and unread count;
   * returns the caller's summary, built from the same queries.
   */
  async announceToMembers(
    conversationId: string,
    callerId: string,
  ): Promise<ConversationSummaryDto> {
    const conversation = await requireConversation(this.conversations, conversationId);
    const members = await this.conversations.membersOf([conversationId]);
    const [base] = await this.summarize([conversation], null, members);
    const personal = await this.personalOf(members, base.lastSeq);
    for (const member of members) {
      this.realtime.toUser(
        member.userId,
        SocketEvent.ConversationUpdated,
        this.personalize(base, member.userId, personal.get(personalKey(base.id, member.userId))),
      );
    }
    return this.personalize(base, callerId, personal.get(personalKey(base.id, callerId)));
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
          lastDeliveredSeq: Number(m.lastDeliveredSeq),
        }));
      const lastSeq = Number(c.lastSeq);
      const summary: ConversationSummaryDto = {
        id: c.id,
        type: c.type,
        title: c.title,
        topic: c.topic,
        archived: c.archivedAt !== null,
        members: memberDtos,
        lastMessage: lastMessages.get(c.id) ?? null,
        lastSeq,
        lastReadSeq: 0,
        unreadCount: lastSeq,
        mentionCount: 0,
        muted: false,
        mutedUntil: null,
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
      unreadCount: Math.max(0, summary.lastSeq - lastReadSeq - personal.threadOnly),
      muted: personal.muted,
      mutedUntil: personal.mutedUntil,
      mentionCount: personal.mentionCount,
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

  /**
   * Mute, unread mentions and unread thread-only replies per member; only members with unread
   * messages are counted (two index range scans each, in two batched queries).
   */
  private async personalOf(
    members: MemberEntity[],
    lastSeq: number | ((conversationId: string) => number),
  ): Promise<Map<string, Personal>> {
    const lastSeqOf = typeof lastSeq === 'number' ? () => lastSeq : lastSeq;
    const behind = members.filter((m) => Number(m.lastReadSeq) < lastSeqOf(m.conversationId));
    const [counts, threadOnly] = await Promise.all([
      this.conversations.mentionCounts(behind),
      this.conversations.threadOnlyCounts(behind),
    ]);
    return new Map(
      members.map((m) => {
        const key = personalKey(m.conversationId, m.userId);
        return [
          key,
          {
            ...muteOf(m),
            mentionCount: counts.get(key) ?? 0,
            threadOnly: threadOnly.get(key) ?? 0,
          },
        ];
      }),
    );
  }
}
