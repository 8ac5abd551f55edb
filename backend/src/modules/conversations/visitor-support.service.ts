import { Injectable, NotFoundException } from '@nestjs/common';
import { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import { SocketEvent } from '../realtime/contract/socket-event';
import { CONVERSATION_NOT_FOUND } from './access/conversation-access.service';
import { ConversationSummariesService } from './conversation-summaries.service';
import { ConversationsRepository } from './conversations.repository';
import { GroupChanges } from './group-changes';

/**
 * A widget visitor's conversation with a person in it: the visitor's request, an agent joining
 * (added as a member, the way anyone joins: a system line, the room, the summary) and leaving
 * when they hand the visitor back to the bot. The inbox decides who may; this writes it.
 */
@Injectable()
export class VisitorSupportService {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly summaries: ConversationSummariesService,
    private readonly changes: GroupChanges,
    private readonly realtime: RealtimePublisher,
  ) {}

  /** "Visitor asked for a person", in the visitor's own conversation. */
  async recordRequest(conversationId: string, guestId: string): Promise<void> {
    const people = await this.changes.people([guestId]);
    const line = await this.conversations.transaction(async (manager) => {
      if (!(await this.conversations.lock(manager, conversationId)))
        throw new NotFoundException(CONVERSATION_NOT_FOUND);
      return this.changes.record(manager, conversationId, people, {
        action: 'handoff_requested',
        actorId: guestId,
      });
    });
    await this.changes.announceLines([line]);
  }

  /** Adds the agent (read marker before their line) and gives them the conversation live. */
  async joinAgent(conversationId: string, agentId: string): Promise<void> {
    const people = await this.changes.people([agentId]);
    const line = await this.conversations.transaction(async (manager) => {
      if (!(await this.conversations.lock(manager, conversationId)))
        throw new NotFoundException(CONVERSATION_NOT_FOUND);
      const members = await this.conversations.memberIds(manager, conversationId);
      const joined = await this.changes.record(manager, conversationId, people, {
        action: 'handoff_claimed',
        actorId: agentId,
      });
      if (!members.includes(agentId)) {
        await this.conversations.insertMembers(manager, conversationId, [agentId], joined.seq - 1);
      }
      return joined;
    });
    this.realtime.joinConversation(agentId, conversationId);
    const summary = await this.summaries.summaryFor(conversationId, agentId);
    this.realtime.toUser(agentId, SocketEvent.ConversationUpdated, summary);
    await this.changes.announceLines([line]);
  }

  /** The agent hands back to `botId` and leaves; the line is written while they are still in. */
  async leaveAgent(conversationId: string, agentId: string, botId: string): Promise<void> {
    const people = await this.changes.people([agentId, botId]);
    const line = await this.conversations.transaction(async (manager) => {
      if (!(await this.conversations.lock(manager, conversationId))) return null;
      const closed = await this.changes.record(manager, conversationId, people, {
        action: 'handoff_closed',
        actorId: agentId,
        userIds: [botId],
      });
      await this.conversations.removeMember(manager, conversationId, agentId);
      return closed;
    });
    if (!line) return;
    await this.changes.announceLines([line]);
    this.changes.announceRemoval(conversationId, agentId);
  }
}
