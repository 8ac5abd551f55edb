import { createHash } from 'node:crypto';
import { ConflictException, Injectable } from '@nestjs/common';
import type { MessageDto } from '../dto/message.dto';
import { MessagesService } from '../messages.service';
import { MessageSender } from '../send/message-sender';
import type { ForwardMessageDto } from './forward.dto';

/**
 * Forwarding: a copy of a message the caller can read, sent to conversations of theirs through
 * the ordinary send path (limits, sender order, durable before visible), carrying
 * `forwardedFrom`. Each copy's client id derives from the source, the target, the caller and the
 * comment, so retrying a forward answers the copies already made instead of making more.
 */
@Injectable()
export class ForwardService {
  constructor(
    private readonly messages: MessagesService,
    private readonly sender: MessageSender,
  ) {}

  async forward(
    messageId: string,
    userId: string,
    input: ForwardMessageDto,
  ): Promise<MessageDto[]> {
    // 404 unless the caller is a member of the source's conversation, now.
    const source = await this.messages.getVisible(messageId, userId);
    if (source.kind === 'system' || source.deletedAt || !source.body) {
      throw new ConflictException('only a message with text can be forwarded');
    }
    const forwardedFrom = {
      messageId: source.id,
      senderName: source.sender.displayName,
      createdAt: source.createdAt,
    };
    const key = (target: string, part: string) =>
      `fwd-${part}-${createHash('sha256')
        .update([source.id, target, userId, input.comment ?? ''].join('|'))
        .digest('base64url')
        .slice(0, 40)}`;
    const forwarded: MessageDto[] = [];
    for (const conversationId of input.conversationIds) {
      if (input.comment) {
        const comment = await this.sender.queueSend(conversationId, userId, {
          clientMessageId: key(conversationId, 'c'),
          body: input.comment,
        });
        await comment.result;
      }
      const copy = await this.sender.queueSend(
        conversationId,
        userId,
        { clientMessageId: key(conversationId, 'm'), body: source.body },
        forwardedFrom,
      );
      forwarded.push((await copy.result).message);
    }
    return forwarded;
  }
}
