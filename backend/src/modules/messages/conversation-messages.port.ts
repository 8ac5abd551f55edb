import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { MessagesRepository, type TransactionQuery } from './messages.repository';
import type { SystemEvent } from './system-event';
import { ThreadsRepository } from './threads/threads.repository';

/**
 * What the conversations module may do with messages, and nothing more: write a group change's
 * system line inside the change's own transaction, and count unread mentions and thread-only
 * replies for the list. The
 * messages SQL stays here; the caller lends its transaction only as a query function.
 */
@Injectable()
export class ConversationMessagesPort {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly threads: ThreadsRepository,
  ) {}

  /** Numbered like any message, committed (or not) with the change it records. */
  async appendSystemLine(
    run: TransactionQuery,
    line: { conversationId: string; actorId: string; body: string; event: SystemEvent },
  ): Promise<{ id: string; seq: number }> {
    const stored = await this.messages.appendIn(run, {
      conversationId: line.conversationId,
      senderId: line.actorId,
      clientMessageId: `system:${randomUUID()}`,
      body: line.body,
      kind: 'system',
      status: 'complete',
      replyToId: null,
      system: line.event,
    });
    return { id: stored.id, seq: Number(stored.seq) };
  }

  /**
   * Unread messages from others that mention each given member (@username or @here), keyed
   * `conversationId:userId`.
   */
  unreadMentionCounts(
    markers: { conversationId: string; userId: string; lastReadSeq: string }[],
  ): Promise<Map<string, number>> {
    return this.messages.mentionCounts(markers);
  }

  /**
   * Thread replies not also sent to the conversation after each member's read marker, keyed
   * `conversationId:userId`: the conversation's unread count leaves them out.
   */
  unreadThreadOnlyCounts(
    markers: { conversationId: string; userId: string; lastReadSeq: string }[],
  ): Promise<Map<string, number>> {
    return this.threads.threadOnlyCounts(markers);
  }
}
