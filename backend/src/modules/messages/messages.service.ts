import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { isUniqueViolation } from '../../database/errors';
import { RedisRateLimiter } from '../../common/rate-limit/redis-rate-limiter';
import { RateLimitedException } from '../../common/rate-limit/rate-limited.exception';
import { AppConfig } from '../../config/app-config';
import { ConversationAccess } from '../conversations/access/conversation-access.service';
import { SocketEvent } from '../realtime/events';
import { RealtimePublisher } from '../realtime/realtime.publisher';
import type { UserDto } from '../users/dto/user.dto';
import { UsersService } from '../users/users.service';
import type { ListMessagesQuery, SendMessageDto } from './dto/message-input.dto';
import type { MessageDto, MessagePageDto } from './dto/message.dto';
import type { MessageEntity, MessageStatus } from './message.entity';
import { MessageAnnouncer } from './delivery/message-announcer';
import { toMessageDto } from './messages.mapper';
import { MessagesRepository } from './messages.repository';

const DEFAULT_PAGE_SIZE = 50;
/** A bot reply's client id: one reply per bot and message it answers. */
export const botReplyClientId = (triggerMessageId: string) => `bot:${triggerMessageId}`;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

@Injectable()
export class MessagesService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly access: ConversationAccess,
    private readonly users: UsersService,
    private readonly realtime: RealtimePublisher,
    private readonly announcer: MessageAnnouncer,
    private readonly limiter: RedisRateLimiter,
    private readonly config: AppConfig,
  ) {}

  /**
   * Stores a message and only then tells the members (durable before visible). The seq comes
   * from the conversation row, locked in the same transaction. A repeated clientMessageId
   * returns the original message and creates nothing.
   */
  async send(
    conversationId: string,
    senderId: string,
    input: SendMessageDto,
  ): Promise<{ created: boolean; message: MessageDto }> {
    const original = await this.findOriginal(conversationId, senderId, input.clientMessageId);
    if (original) return { created: false, message: original };

    await this.access.requireMember(conversationId, senderId);
    if (input.replyToId) await this.requireReplyTarget(conversationId, input.replyToId);
    await this.enforceSendLimits(senderId);

    let stored: MessageEntity;
    try {
      stored = await this.messages.append({
        conversationId,
        senderId,
        body: input.body,
        clientMessageId: input.clientMessageId,
        replyToId: input.replyToId ?? null,
        kind: 'text',
        status: 'complete',
        system: null,
      });
    } catch (error) {
      // The same clientMessageId raced in on another request: that one won.
      if (!isUniqueViolation(error)) throw error;
      const winner = await this.findOriginal(conversationId, senderId, input.clientMessageId);
      if (!winner) throw error;
      return { created: false, message: winner };
    }

    const message = toMessageDto(stored, await this.users.getProfile(senderId));
    this.announcer.announce(message);
    return { created: true, message };
  }

  async list(
    conversationId: string,
    userId: string,
    query: ListMessagesQuery,
  ): Promise<MessagePageDto> {
    const bounds = [query.beforeSeq, query.afterSeq, query.aroundSeq].filter(
      (b) => b !== undefined,
    );
    if (bounds.length > 1) {
      throw new BadRequestException(['only one of beforeSeq, afterSeq and aroundSeq can be given']);
    }
    await this.access.requireMember(conversationId, userId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    if (query.aroundSeq !== undefined) return this.around(conversationId, query.aroundSeq, limit);
    const rows = await this.messages.page(conversationId, query, limit + 1);
    const hasMore = rows.length > limit;
    // One extra row tells whether there is more; drop it from the far end of the page.
    const page = hasMore
      ? query.afterSeq !== undefined
        ? rows.slice(0, limit)
        : rows.slice(1)
      : rows;
    return { items: await this.withSenders(page), hasMore };
  }

  /** `limit` messages around `seq`: it and the older half, then the newer half. */
  private async around(
    conversationId: string,
    seq: number,
    limit: number,
  ): Promise<MessagePageDto> {
    const olderCount = Math.ceil(limit / 2);
    const newerCount = limit - olderCount;
    const [older, newer] = await Promise.all([
      this.messages.page(conversationId, { beforeSeq: seq + 1 }, olderCount + 1),
      this.messages.page(conversationId, { afterSeq: seq }, newerCount + 1),
    ]);
    const hasMore = older.length > olderCount;
    const hasMoreAfter = newer.length > newerCount;
    const rows = [
      ...(hasMore ? older.slice(1) : older),
      ...(hasMoreAfter ? newer.slice(0, newerCount) : newer),
    ];
    return { items: await this.withSenders(rows), hasMore, hasMoreAfter };
  }

  async edit(messageId: string, userId: string, body: string): Promise<MessageDto> {
    const message = await this.requireVisibleMessage(messageId, userId);
    if (message.kind === 'system') throw new ForbiddenException('system messages cannot be edited');
    if (message.senderId !== userId)
      throw new ForbiddenException('only the author can edit a message');
    if (message.deletedAt) throw new ConflictException('the message was deleted');
    if (message.kind !== 'text') throw new ForbiddenException('only text messages can be edited');
    const updated = (await this.messages.update(message.id, { body, editedAt: new Date() }))!;
    const [dto] = await this.withSenders([updated]);
    this.realtime.toConversation(updated.conversationId, SocketEvent.MessageUpdated, dto);
    return dto;
  }

  /** Author, or an owner/admin of the group. The row stays as a tombstone. */
  async delete(messageId: string, userId: string): Promise<void> {
    const message = await this.requireVisibleMessage(messageId, userId);
    // The group's history: nobody rewrites who joined, left or renamed it.
    if (message.kind === 'system')
      throw new ForbiddenException('system messages cannot be deleted');
    if (
      message.senderId !== userId &&
      !(await this.access.canModerate(message.conversationId, userId))
    ) {
      throw new ForbiddenException('only the author or a group owner/admin can delete a message');
    }
    if (message.deletedAt) return;
    await this.messages.update(message.id, { body: null, deletedAt: new Date() });
    this.realtime.toConversation(message.conversationId, SocketEvent.MessageDeleted, {
      id: message.id,
      conversationId: message.conversationId,
      seq: Number(message.seq),
    });
  }

  /** For bot workers: a message by id with its sender, whatever its conversation. */
  async findForReply(messageId: string): Promise<MessageDto | null> {
    const message = await this.messages.findById(messageId);
    return message ? (await this.withSenders([message]))[0] : null;
  }

  /** For bot workers: up to `limit` messages ending at `seq` (inclusive), oldest first. */
  async recentUpTo(conversationId: string, seq: number, limit: number): Promise<MessageDto[]> {
    return this.withSenders(
      await this.messages.page(conversationId, { beforeSeq: seq + 1 }, limit),
    );
  }

  /** A bot's reply to a message, if one was started. */
  async findBotReply(botId: string, triggerMessageId: string): Promise<MessageDto | null> {
    const reply = await this.messages.findByClientId(botId, botReplyClientId(triggerMessageId));
    return reply ? (await this.withSenders([reply]))[0] : null;
  }

  /**
   * Starts a bot's reply: a `streaming` message numbered now (so it sits right after what it
   * answers), announced with `message:new`. Its client id derives from the message it answers,
   * so a retried job finds the same message instead of making a second one.
   */
  async startBotReply(input: {
    conversationId: string;
    botId: string;
    triggerMessageId: string;
    replyToId: string | null;
  }): Promise<MessageDto> {
    const existing = await this.findBotReply(input.botId, input.triggerMessageId);
    if (existing) return existing;
    try {
      const stored = await this.messages.append({
        conversationId: input.conversationId,
        senderId: input.botId,
        body: '',
        clientMessageId: botReplyClientId(input.triggerMessageId),
        replyToId: input.replyToId,
        kind: 'bot',
        status: 'streaming',
        system: null,
      });
      const message = toMessageDto(stored, await this.users.getProfile(input.botId));
      this.announcer.announce(message);
      return message;
    } catch (error) {
      // Another worker started the same reply at the same moment: continue with that one.
      if (!isUniqueViolation(error)) throw error;
      const winner = await this.findBotReply(input.botId, input.triggerMessageId);
      if (!winner) throw error;
      return winner;
    }
  }

  /** Sets a bot reply's text and state, and tells the members (`message:updated`). */
  async updateBotReply(
    messageId: string,
    changes: { body: string; status: MessageStatus; failureReason?: string | null },
  ): Promise<MessageDto> {
    const updated = await this.messages.update(messageId, {
      body: changes.body,
      status: changes.status,
      failureReason: changes.failureReason ?? null,
    });
    if (!updated) throw new NotFoundException('message not found');
    const [dto] = await this.withSenders([updated]);
    this.realtime.toConversation(updated.conversationId, SocketEvent.MessageUpdated, dto);
    return dto;
  }

  /** A message the caller may see, for actions on bot replies (stop, retry). */
  async getVisible(messageId: string, userId: string): Promise<MessageDto> {
    const [dto] = await this.withSenders([await this.requireVisibleMessage(messageId, userId)]);
    return dto;
  }

  /** The newest message of each conversation, keyed by conversation id. */
  async lastMessages(
    pairs: { conversationId: string; seq: number }[],
  ): Promise<Map<string, MessageDto>> {
    const rows = await this.messages.findAt(pairs);
    const dtos = await this.withSenders(rows);
    return new Map(dtos.map((m) => [m.conversationId, m]));
  }

  /**
   * Tells the members about messages another module's transaction wrote (a group's system
   * lines), once it committed; `ids` in seq order.
   */
  async announceCommitted(ids: string[]): Promise<void> {
    for (const message of await this.getMany(ids)) this.announcer.announce(message);
  }

  /** For search: these messages with their senders, in the order of `ids` (missing ones left out). */
  async getMany(ids: string[]): Promise<MessageDto[]> {
    const dtos = await this.withSenders(await this.messages.findByIds(ids));
    const byId = new Map(dtos.map((m) => [m.id, m]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  private async findOriginal(conversationId: string, senderId: string, clientMessageId: string) {
    const existing = await this.messages.findByClientId(senderId, clientMessageId);
    if (!existing) return null;
    if (existing.conversationId !== conversationId) {
      throw new ConflictException('clientMessageId was already used in another conversation');
    }
    const [dto] = await this.withSenders([existing]);
    return dto;
  }

  private async requireReplyTarget(conversationId: string, replyToId: string) {
    const target = await this.messages.findById(replyToId);
    if (!target || target.conversationId !== conversationId) {
      throw new BadRequestException(['replyToId must be a message of this conversation']);
    }
  }

  /** A message the caller may see: 404 when it does not exist or they are not a member. */
  private async requireVisibleMessage(messageId: string, userId: string): Promise<MessageEntity> {
    const message = await this.messages.findById(messageId);
    if (!message) throw new NotFoundException('message not found');
    try {
      await this.access.requireMember(message.conversationId, userId);
    } catch {
      throw new NotFoundException('message not found');
    }
    return message;
  }

  /** Both send limits in one Redis call; a refused send counts against neither. */
  private async enforceSendLimits(senderId: string): Promise<void> {
    const minute = {
      key: `msg:min:${senderId}`,
      limit: this.config.RATE_LIMIT_MESSAGES_PER_MINUTE,
      windowMs: MINUTE_MS,
    };
    const day = {
      key: `msg:day:${senderId}`,
      limit: this.config.RATE_LIMIT_MESSAGES_PER_DAY,
      windowMs: DAY_MS,
    };
    const over = await this.limiter.hitAll([minute, day]);
    if (!over) return;
    throw new RateLimitedException(
      over.refused === minute ? 'too many messages' : 'daily message limit reached',
      over.resetInMs,
    );
  }

  private async withSenders(rows: MessageEntity[]): Promise<MessageDto[]> {
    const users = await this.users.getProfiles([...new Set(rows.map((r) => r.senderId))]);
    const byId = new Map<string, UserDto>(users.map((u) => [u.id, u]));
    return rows.map((r) => toMessageDto(r, byId.get(r.senderId) ?? deletedUser(r.senderId)));
  }
}

/** Stands in for an author whose account is gone, so their messages still render. */
function deletedUser(id: string): UserDto {
  return {
    id,
    username: 'deleted',
    displayName: 'Deleted user',
    avatarUrl: null,
    isBot: false,
    createdAt: new Date(0).toISOString(),
  };
}
