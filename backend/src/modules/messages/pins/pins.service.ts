import { randomUUID } from 'node:crypto';
import { ConflictException, Injectable } from '@nestjs/common';
import { ConversationAccess } from '../../conversations/access/conversation-access.service';
import { RealtimePublisher } from '../../realtime/contract/realtime.publisher';
import { SocketEvent } from '../../realtime/contract/socket-event';
import { UsersService } from '../../users/users.service';
import { MessageViews } from '../message-views';
import { MessagesRepository } from '../messages.repository';
import { MessagesService } from '../messages.service';
import type { PinListDto } from './pins.dto';
import { PinsRepository } from './pins.repository';

/**
 * Pins: any member pins a message of the conversation for everyone; pinning writes a system
 * line (`message_pinned`, with the message's id) in the pin's transaction, so the room learns
 * of it as `message:new`. Unpinning writes no line (it would only be noise in the timeline);
 * the room learns of it as `message:unpinned`, so pinned bars drop the pin live.
 */
@Injectable()
export class PinsService {
  constructor(
    private readonly pins: PinsRepository,
    private readonly messages: MessagesService,
    private readonly rows: MessagesRepository,
    private readonly access: ConversationAccess,
    private readonly users: UsersService,
    private readonly views: MessageViews,
    private readonly realtime: RealtimePublisher,
  ) {}

  async pin(messageId: string, userId: string): Promise<void> {
    const message = await this.messages.getVisible(messageId, userId);
    if (message.kind === 'system' || message.deletedAt) {
      throw new ConflictException('system lines and deleted messages cannot be pinned');
    }
    const actor = await this.users.getProfile(userId);
    const line = await this.pins.pin(
      { messageId, conversationId: message.conversationId, userId },
      {
        conversationId: message.conversationId,
        senderId: userId,
        clientMessageId: `system:${randomUUID()}`,
        body: `${actor.displayName} pinned a message`,
        kind: 'system',
        status: 'complete',
        replyToId: null,
        system: { action: 'message_pinned', actorId: userId, messageId },
      },
    );
    if (line) await this.messages.announceCommitted([line.id]);
  }

  async unpin(messageId: string, userId: string): Promise<void> {
    const message = await this.messages.getVisible(messageId, userId);
    if (!(await this.pins.unpin(messageId))) return;
    this.realtime.toConversation(message.conversationId, SocketEvent.MessageUnpinned, {
      conversationId: message.conversationId,
      messageId,
    });
  }

  async list(conversationId: string, userId: string): Promise<PinListDto> {
    await this.access.requireMember(conversationId, userId);
    const pins = await this.pins.list(conversationId);
    const messages = await this.views.of(await this.rows.findByIds(pins.map((p) => p.message_id)));
    const byId = new Map(messages.map((m) => [m.id, m]));
    return {
      items: pins.flatMap((p) => {
        const message = byId.get(p.message_id);
        return message
          ? [{ message, pinnedBy: p.pinned_by, pinnedAt: new Date(p.pinned_at).toISOString() }]
          : [];
      }),
    };
  }
}
