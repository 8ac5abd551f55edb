import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import { SocketEvent } from '../realtime/contract/socket-event';
import { CONVERSATION_NOT_FOUND, ConversationAccess } from './access/conversation-access.service';
import { ConversationSummariesService } from './conversation-summaries.service';
import { ConversationsRepository } from './conversations.repository';
import type { ConversationSummaryDto, UnreadStateDto } from './dto/conversation.dto';

/**
 * One member's own place in their conversations: which rooms their sockets join, whom they
 * share a conversation with, and what is theirs alone (read marker, unread, mute). The
 * module exports this service; creating, changing and listing conversations stay inside it.
 */
@Injectable()
export class ConversationsService {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly access: ConversationAccess,
    private readonly summaries: ConversationSummariesService,
    private readonly realtime: RealtimePublisher,
  ) {}

  /** Conversation ids whose rooms a user's sockets join on connect. */
  conversationIdsOf(userId: string): Promise<string[]> {
    return this.conversations.conversationIdsOf(userId);
  }

  /** Those of `userIds` who share a conversation with `userId` (themselves included if asked). */
  sharingWith(userId: string, userIds: string[]): Promise<string[]> {
    return this.conversations.sharingWith(userId, userIds);
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
   * Moves the caller's delivered marker forward and tells the other members (delivered ticks).
   * The caller's membership is the room its socket is in: the update finds no row otherwise.
   */
  async markDelivered(conversationId: string, userId: string, seq: number): Promise<void> {
    const marker = await this.conversations.advanceDeliveredMarker(conversationId, userId, seq);
    if (marker !== null) {
      this.realtime.toConversation(conversationId, SocketEvent.ConversationDelivered, {
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
    const summary = await this.summaries.summaryFor(conversationId, userId);
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
    forMinutes?: number,
  ): Promise<ConversationSummaryDto> {
    await this.access.requireMember(conversationId, userId);
    const until = forMinutes === undefined ? null : new Date(Date.now() + forMinutes * 60_000);
    if (!(await this.conversations.setMuted(conversationId, userId, muted, until)))
      throw new NotFoundException(CONVERSATION_NOT_FOUND);
    const summary = await this.summaries.summaryFor(conversationId, userId);
    this.realtime.toUser(userId, SocketEvent.ConversationUpdated, summary);
    return summary;
  }
}
