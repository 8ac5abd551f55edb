import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { isUniqueViolation } from '../../database/errors';
import { RedisRateLimiter, type RateWindow } from '../../common/rate-limit/redis-rate-limiter';
import { RateLimitedException } from '../../common/rate-limit/rate-limited.exception';
import { AppConfig } from '../../config/app-config';
import { AttachmentsService } from '../attachments/attachments.service';
import { ConversationAccess } from '../conversations/access/conversation-access.service';
import { SocketEvent } from '../realtime/contract/socket-event';
import { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import type { UserDto } from '../users/dto/user.dto';
import { UsersService } from '../users/users.service';
import {
  MAX_BODY_LENGTH,
  type ListMessagesQuery,
  type SendMessageDto,
} from './dto/message-input.dto';
import type { MessageDto, MessagePageDto } from './dto/message.dto';
import type { MessageEntity, MessageStatus } from './message.entity';
import { MessageAnnouncer } from './delivery/message-announcer';
import { firstLinkOf } from './link-preview/first-link';
import { LinkPreviewProducer } from './link-preview/link-preview.producer';
import { toMessageDto } from './messages.mapper';
import { MessagesRepository } from './messages.repository';
import type { SendOutcome } from './send/send-batch';
import { SendBatcher } from './send/send-batcher';
import type { ReactionDto } from './reactions/dto/reaction.dto';
import { ReactionsService } from './reactions/reactions.service';

const DEFAULT_PAGE_SIZE = 50;

export interface SendResult {
  created: boolean;
  message: MessageDto;
}
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
    private readonly batcher: SendBatcher,
    private readonly limiter: RedisRateLimiter,
    private readonly config: AppConfig,
    private readonly reactions: ReactionsService,
    private readonly linkPreviews: LinkPreviewProducer,
    private readonly attachments: AttachmentsService,
  ) {}

  /**
   * Stores a message and only then tells the members (durable before visible). The seq comes
   * from the conversation row, locked in the same transaction. A repeated clientMessageId
   * returns the original message and creates nothing.
   */
  async send(conversationId: string, senderId: string, input: SendMessageDto): Promise<SendResult> {
    return (await this.queueSend(conversationId, senderId, input)).result;
  }

  /**
   * Counts the send against its limits and queues it for the next group commit. Resolves once
   * its place in line is fixed (sends queued later get later seqs in the same conversation),
   * with the promise of its outcome: a caller keeps a client's order by waiting for this step
   * only, not for the commit.
   */
  async queueSend(
    conversationId: string,
    senderId: string,
    input: SendMessageDto,
  ): Promise<{ result: Promise<SendResult> }> {
    const attachmentIds = input.attachmentIds ?? [];
    if (input.body === undefined && attachmentIds.length === 0) {
      throw new BadRequestException([`body must be 1-${MAX_BODY_LENGTH} characters`]);
    }
    const limits = this.sendLimits(senderId);
    const over = await this.limiter.hitAll(limits);
    if (over) {
      // A retry of a stored message is not a new one: it answers even past the limit.
      const original = await this.messages.findByClientId(senderId, input.clientMessageId);
      if (!original) {
        throw new RateLimitedException(
          over.refused === limits[0] ? 'too many messages' : 'daily message limit reached',
          over.resetInMs,
        );
      }
      const settled = this.settleSend(
        original.conversationId === conversationId
          ? { outcome: 'duplicate', message: original }
          : { outcome: 'client_id_taken' },
        [],
      );
      return { result: settled };
    }
    const outcome = this.batcher.submit({
      conversationId,
      senderId,
      clientMessageId: input.clientMessageId,
      body: input.body ?? '',
      replyToId: input.replyToId ?? null,
      attachmentIds,
    });
    return { result: outcome.then((o) => this.settleSend(o, limits)) };
  }

  private async settleSend(outcome: SendOutcome, limits: RateWindow[]): Promise<SendResult> {
    if (outcome.outcome !== 'created' && limits.length > 0) {
      // Only a stored message counts: a retry or a refused send gives its quota back. Best
      // effort: with Redis away the quota stays spent, which only errs on the strict side.
      this.limiter.unhitAll(limits).catch(() => undefined);
    }
    switch (outcome.outcome) {
      case 'created': {
        const message = toMessageDto(
          outcome.message,
          await this.users.getProfile(outcome.message.senderId),
        );
        await this.withAttachments([outcome.message], [message]);
        this.announcer.announce(message);
        return { created: true, message };
      }
      case 'duplicate': {
        const [message] = await this.withSenders([outcome.message]);
        return { created: false, message };
      }
      case 'client_id_taken':
        throw new ConflictException('clientMessageId was already used in another conversation');
      case 'not_member':
        throw new NotFoundException('conversation not found');
      case 'bad_reply':
        throw new BadRequestException(['replyToId must be a message of this conversation']);
      case 'bad_attachments':
        throw new BadRequestException([
          'attachmentIds must be files you uploaded to this conversation',
        ]);
    }
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
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    if (query.aroundSeq !== undefined) {
      await this.access.requireMember(conversationId, userId);
      return this.around(conversationId, query.aroundSeq, limit);
    }
    const { messages: rows, reactions } = await this.messages.pageForMember(
      conversationId,
      userId,
      query,
      limit + 1,
    );
    // Nothing came back: an empty page of a member, or not a member (404).
    if (rows.length === 0) await this.access.requireMember(conversationId, userId);
    const hasMore = rows.length > limit;
    // One extra row tells whether there is more; drop it from the far end of the page.
    const page = hasMore
      ? query.afterSeq !== undefined
        ? rows.slice(0, limit)
        : rows.slice(1)
      : rows;
    return { items: await this.withSenders(page, reactions), hasMore };
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
    // Another first link: the old preview goes now, the new one follows from its job.
    const linkChanged = firstLinkOf(body) !== firstLinkOf(message.body);
    const updated = (await this.messages.update(message.id, {
      body,
      editedAt: new Date(),
      ...(linkChanged && { linkPreview: null }),
    }))!;
    const [dto] = await this.withSenders([updated]);
    this.realtime.toConversation(updated.conversationId, SocketEvent.MessageUpdated, dto);
    if (linkChanged) this.linkPreviews.request(dto);
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

  private sendLimits(senderId: string): RateWindow[] {
    return [
      {
        key: `msg:min:${senderId}`,
        limit: this.config.RATE_LIMIT_MESSAGES_PER_MINUTE,
        windowMs: MINUTE_MS,
      },
      {
        key: `msg:day:${senderId}`,
        limit: this.config.RATE_LIMIT_MESSAGES_PER_DAY,
        windowMs: DAY_MS,
      },
    ];
  }

  /** `reactions`: when the rows' query already read them (a page), by message id. */
  private async withSenders(
    rows: MessageEntity[],
    reactions?: Map<string, ReactionDto[]>,
  ): Promise<MessageDto[]> {
    const users = await this.users.getProfiles([...new Set(rows.map((r) => r.senderId))]);
    const byId = new Map<string, UserDto>(users.map((u) => [u.id, u]));
    const dtos = rows.map((r) => toMessageDto(r, byId.get(r.senderId) ?? deletedUser(r.senderId)));
    if (reactions) for (const dto of dtos) dto.reactions = reactions.get(dto.id) ?? [];
    else await this.withReactions(dtos);
    await this.withAttachments(rows, dtos);
    return dtos;
  }

  /** One query for every attachment on the page; skipped when no message has any. */
  private async withAttachments(rows: MessageEntity[], dtos: MessageDto[]): Promise<void> {
    const ids = rows.flatMap((r) => (r.deletedAt ? [] : (r.attachmentIds ?? [])));
    if (ids.length === 0) return;
    const byId = new Map((await this.attachments.describe(ids)).map((a) => [a.id, a]));
    rows.forEach((row, i) => {
      if (row.deletedAt) return;
      dtos[i].attachments = (row.attachmentIds ?? []).flatMap((id) => byId.get(id) ?? []);
    });
  }

  /** One query for the page; deleted and system messages carry none, so they are not asked for. */
  private async withReactions(dtos: MessageDto[]): Promise<void> {
    const ids = dtos.filter((m) => m.kind !== 'system' && !m.deletedAt).map((m) => m.id);
    if (ids.length === 0) return;
    const byMessage = await this.reactions.forMessages(ids);
    for (const dto of dtos) dto.reactions = byMessage.get(dto.id) ?? [];
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
    serverRole: 'member',
    deactivated: false,
    createdAt: new Date(0).toISOString(),
  };
}
