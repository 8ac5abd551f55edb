import {
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { AuditActor } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { CONVERSATION_NOT_FOUND } from '../conversations/access/conversation-access.service';
import { VisitorSupportService } from '../conversations/visitor-support.service';
import type { MessagePageDto } from '../messages/dto/message.dto';
import { MessagesService } from '../messages/messages.service';
import { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import { SocketEvent } from '../realtime/contract/socket-event';
import type { HandoffStateDto, InboxItemDto, InboxView } from './dto/inbox.dto';
import { InboxRepository, type InboxRow } from './inbox.repository';

/** How many rows a tab shows: an inbox is worked from the top, not paged through. */
const TAB_LIMIT = 100;
/** How much of a visitor's conversation an agent reads before claiming it. */
const TRANSCRIPT_LIMIT = 100;
const NOT_AGENT = 'only support agents (admins, or members with the support flag) may do this';

const person = (id: string | null, name: string | null) =>
  id ? { id, displayName: name ?? 'Deleted user' } : null;

export function toInboxItem(row: InboxRow): InboxItemDto {
  return {
    conversationId: row.conversation_id,
    status: row.status,
    visitor: { id: row.visitor_id, displayName: row.visitor_name },
    widget: row.widget_id ? { id: row.widget_id, name: row.widget_name ?? '' } : null,
    context: row.context,
    agent: person(row.agent_id, row.agent_name),
    requestedAt: row.requested_at.toISOString(),
    claimedAt: row.claimed_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
  };
}

/**
 * Hand-off from a widget's bot to a person: the visitor asks, an agent claims (joins the
 * conversation; the bot stays quiet, see `request_bot_replies`), closing gives the visitor back
 * to the bot. Every change reaches every agent as `inbox:updated`, and nobody else.
 */
@Injectable()
export class InboxService {
  constructor(
    private readonly inbox: InboxRepository,
    private readonly support: VisitorSupportService,
    private readonly messages: MessagesService,
    private readonly audit: AuditService,
    private readonly realtime: RealtimePublisher,
  ) {}

  /**
   * The visitor asks for a person (asking again while waiting or claimed changes nothing). 404
   * unless it is the caller's own visitor conversation; 409 when its widget does not hand off.
   */
  async request(conversationId: string, callerId: string): Promise<HandoffStateDto> {
    const visitor = await this.inbox.visitorConversation(conversationId);
    if (!visitor || visitor.guestId !== callerId)
      throw new NotFoundException(CONVERSATION_NOT_FOUND);
    if (!visitor.handoff) throw new ConflictException('this widget does not hand off to people');
    if (await this.inbox.request(conversationId)) {
      await this.support.recordRequest(conversationId, callerId);
      await this.announce(conversationId);
    }
    const item = await this.requireItem(conversationId);
    return { status: item.status, agent: item.agent };
  }

  async list(callerId: string, view: InboxView): Promise<InboxItemDto[]> {
    await this.requireAgent(callerId);
    return (await this.inbox.list(view, callerId, TAB_LIMIT)).map(toInboxItem);
  }

  /** What the visitor and the bot said so far: agents read it before they claim. */
  async transcript(conversationId: string, agentId: string): Promise<MessagePageDto> {
    await this.requireAgent(agentId);
    await this.requireHandoff(conversationId);
    return this.messages.transcript(conversationId, TRANSCRIPT_LIMIT);
  }

  /** Waiting -> claimed by the caller, who joins the conversation. 409 when it is not waiting. */
  async claim(actor: AuditActor, conversationId: string, agentId: string): Promise<InboxItemDto> {
    await this.requireAgent(agentId);
    await this.requireHandoff(conversationId);
    if (!(await this.inbox.claim(conversationId, agentId))) {
      throw new ConflictException('this visitor is not waiting (someone else may have claimed it)');
    }
    await this.support.joinAgent(conversationId, agentId);
    await this.audit.record(actor, 'inbox.claimed', conversationId);
    return this.announce(conversationId);
  }

  /**
   * Closes a request, by any agent (so one left behind can be closed): the agent who claimed it
   * leaves and the bot answers again. 409 when it is already closed.
   */
  async close(actor: AuditActor, conversationId: string, agentId: string): Promise<InboxItemDto> {
    await this.requireAgent(agentId);
    const handoff = await this.requireHandoff(conversationId);
    if (handoff.status === 'closed' || !(await this.inbox.close(conversationId, handoff))) {
      throw new ConflictException('this conversation is already closed');
    }
    if (handoff.agentId) {
      const botId = await this.inbox.botOf(conversationId);
      if (botId) await this.support.leaveAgent(conversationId, handoff.agentId, botId);
    }
    await this.audit.record(actor, 'inbox.closed', conversationId, {
      agentId: handoff.agentId,
    });
    return this.announce(conversationId);
  }

  private async requireAgent(userId: string): Promise<void> {
    if (!(await this.inbox.isAgent(userId))) throw new ForbiddenException(NOT_AGENT);
  }

  private async requireHandoff(conversationId: string) {
    const handoff = await this.inbox.find(conversationId);
    if (!handoff) throw new NotFoundException('no visitor asked for a person here');
    return handoff;
  }

  private async requireItem(conversationId: string): Promise<InboxItemDto> {
    const row = await this.inbox.item(conversationId);
    if (!row) throw new NotFoundException('no visitor asked for a person here');
    return toInboxItem(row);
  }

  /** The item as it is now, to every agent's sockets (one emit over their user rooms). */
  private async announce(conversationId: string): Promise<InboxItemDto> {
    const [item, agents] = await Promise.all([
      this.requireItem(conversationId),
      this.inbox.agentIds(),
    ]);
    if (agents.length > 0)
      this.realtime.toConversations([], SocketEvent.InboxUpdated, item, agents);
    return item;
  }
}
