import {
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RedisRateLimiter } from '../../../common/rate-limit/redis-rate-limiter';
import { RateLimitedException } from '../../../common/rate-limit/rate-limited.exception';
import { ConversationAccess } from '../../conversations/access/conversation-access.service';
import { SocketEvent } from '../../realtime/contract/socket-event';
import { RealtimePublisher } from '../../realtime/contract/realtime.publisher';
import { MessagesRepository } from '../messages.repository';
import type { ReactionDto } from './dto/reaction.dto';
import { type LockedMessage, ReactionsRepository } from './reactions.repository';

/** Different emoji one message can carry: enough for any real use, bounded for the payload. */
export const MAX_DISTINCT_EMOJI = 50;
/** Reaction changes per person and minute (added or removed, effective or not). */
export const REACTIONS_PER_MINUTE = 120;
const MINUTE_MS = 60_000;
const MESSAGE_NOT_FOUND = 'message not found';

type Change = 'add' | 'remove';

@Injectable()
export class ReactionsService {
  constructor(
    private readonly reactions: ReactionsRepository,
    private readonly messages: MessagesRepository,
    private readonly access: ConversationAccess,
    private readonly realtime: RealtimePublisher,
    private readonly limiter: RedisRateLimiter,
  ) {}

  add(messageId: string, userId: string, emoji: string): Promise<ReactionDto[]> {
    return this.change('add', messageId, userId, emoji);
  }

  remove(messageId: string, userId: string, emoji: string): Promise<ReactionDto[]> {
    return this.change('remove', messageId, userId, emoji);
  }

  /** The reactions of each message, for a page of messages (one query). */
  forMessages(messageIds: string[]): Promise<Map<string, ReactionDto[]>> {
    return this.reactions.forMessages(messageIds);
  }

  /**
   * Applies one change under the message's row lock and answers the message's full set. Only
   * an effective change (a row added or removed) tells the room, so repeating it is silent.
   */
  private async change(
    kind: Change,
    messageId: string,
    userId: string,
    emoji: string,
  ): Promise<ReactionDto[]> {
    await this.requireVisible(messageId, userId);
    await this.enforceLimit(userId);
    const outcome = await this.reactions.transaction(async (manager) => {
      const message = await this.reactions.lockMessage(manager, messageId);
      if (!message) throw new NotFoundException(MESSAGE_NOT_FOUND);
      requireReactable(message);
      const changed =
        kind === 'add'
          ? await this.addUnderLock(manager, messageId, userId, emoji)
          : await this.reactions.remove(manager, messageId, userId, emoji);
      const reactions = (await this.reactions.forMessages([messageId], manager)).get(messageId);
      return { conversationId: message.conversationId, changed, reactions: reactions ?? [] };
    });
    if (outcome.changed) {
      this.realtime.toConversation(outcome.conversationId, SocketEvent.ReactionUpdated, {
        conversationId: outcome.conversationId,
        messageId,
        reactions: outcome.reactions,
      });
    }
    return outcome.reactions;
  }

  private async addUnderLock(
    manager: EntityManager,
    messageId: string,
    userId: string,
    emoji: string,
  ): Promise<boolean> {
    const use = await this.reactions.emojiUse(manager, messageId, emoji);
    if (!use.present && use.distinct >= MAX_DISTINCT_EMOJI) {
      throw new ConflictException(
        `a message has at most ${MAX_DISTINCT_EMOJI} different reactions`,
      );
    }
    return this.reactions.add(manager, messageId, userId, emoji);
  }

  /** 404 alike for a missing message and a conversation the caller is not in. */
  private async requireVisible(messageId: string, userId: string): Promise<void> {
    const message = await this.messages.findById(messageId);
    if (!message) throw new NotFoundException(MESSAGE_NOT_FOUND);
    try {
      await this.access.requireMember(message.conversationId, userId);
    } catch {
      throw new NotFoundException(MESSAGE_NOT_FOUND);
    }
  }

  private async enforceLimit(userId: string): Promise<void> {
    const window = {
      key: `reaction:min:${userId}`,
      limit: REACTIONS_PER_MINUTE,
      windowMs: MINUTE_MS,
    };
    const over = await this.limiter.hitAll([window]);
    if (over) throw new RateLimitedException('too many reaction changes', over.resetInMs);
  }
}

/** System lines are the group's record, deleted messages tombstones: neither takes reactions. */
function requireReactable(message: LockedMessage): void {
  if (message.kind === 'system')
    throw new ForbiddenException('system messages cannot have reactions');
  if (message.deleted) throw new ConflictException('the message was deleted');
}
