import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import {
  CONVERSATION_NOT_FOUND,
  ConversationAccess,
} from '../conversations/access/conversation-access.service';
import { SocketEvent } from '../realtime/contract/socket-event';
import { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import type { ListMessagesQuery, SendMessageDto } from './dto/message-input.dto';
import type { MessageDto, MessagePageDto } from './dto/message.dto';
import type { MessageEntity } from './message.entity';
import { MessageAnnouncer } from './delivery/message-announcer';
import { firstLinkOf } from './link-preview/first-link';
import { LinkPreviewProducer } from './link-preview/link-preview.producer';
import { MessageViews } from './message-views';
import { MessagesRepository } from './messages.repository';
import { MessagePageCache } from './page-cache/message-page-cache';
import { MessageSender, type SendResult } from './send/message-sender';

const DEFAULT_PAGE_SIZE = 50;

/**
 * People's messages: sending (through `MessageSender`), reading a conversation's history,
 * editing and deleting, with the rules of who may do which; and messages by id for other
 * modules. Bot replies are written through `BotReplyMessages`.
 */
@Injectable()
export class MessagesService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly access: ConversationAccess,
    private readonly views: MessageViews,
    private readonly sender: MessageSender,
    private readonly realtime: RealtimePublisher,
    private readonly announcer: MessageAnnouncer,
    private readonly linkPreviews: LinkPreviewProducer,
    private readonly pages: MessagePageCache,
  ) {}

  /**
   * Stores a message and only then tells the members (durable before visible). The seq comes
   * from the conversation row, locked in the same transaction. A repeated clientMessageId
   * returns the original message and creates nothing.
   */
  async send(conversationId: string, senderId: string, input: SendMessageDto): Promise<SendResult> {
    return (await this.sender.queueSend(conversationId, senderId, input)).result;
  }

  /** See `MessageSender.queueSend`: resolves once the send's place in line is fixed. */
  queueSend(
    conversationId: string,
    senderId: string,
    input: SendMessageDto,
  ): Promise<{ result: Promise<SendResult> }> {
    return this.sender.queueSend(conversationId, senderId, input);
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
    if (bounds.length === 0) return this.newest(conversationId, userId, limit);
    return this.read(conversationId, userId, query, limit);
  }

  /** The newest page: from this process's memory when it holds it, else read and kept. */
  private async newest(
    conversationId: string,
    userId: string,
    limit: number,
  ): Promise<MessagePageDto> {
    if (this.pages.holds(conversationId)) {
      const lastSeq = await this.messages.lastSeqForMember(conversationId, userId);
      if (lastSeq === null) throw new NotFoundException(CONVERSATION_NOT_FOUND);
      const page = this.pages.newest(conversationId, limit, lastSeq);
      if (page) {
        return { items: await this.views.withCurrentSenders(page.items), hasMore: page.hasMore };
      }
    }
    return this.pages.readThrough(
      conversationId,
      () => this.read(conversationId, userId, {}, limit),
      (page) => ({ items: page.items, hasOlder: page.hasMore }),
    );
  }

  private async read(
    conversationId: string,
    userId: string,
    query: ListMessagesQuery,
    limit: number,
  ): Promise<MessagePageDto> {
    const {
      messages: rows,
      reactions,
      threads,
    } = await this.messages.pageForMember(conversationId, userId, query, limit + 1);
    // Nothing came back: an empty page of a member, or not a member (404).
    if (rows.length === 0) await this.access.requireMember(conversationId, userId);
    const hasMore = rows.length > limit;
    // One extra row tells whether there is more; drop it from the far end of the page.
    const page = hasMore
      ? query.afterSeq !== undefined
        ? rows.slice(0, limit)
        : rows.slice(1)
      : rows;
    return { items: await this.views.of(page, { reactions, threads }), hasMore };
  }

  /**
   * The newest `limit` messages of a conversation for a reader the caller has already
   * authorized without membership (a support agent reading a waiting visitor's transcript).
   */
  async transcript(conversationId: string, limit: number): Promise<MessagePageDto> {
    const rows = await this.messages.page(conversationId, {}, limit + 1);
    const hasMore = rows.length > limit;
    return { items: await this.views.of(hasMore ? rows.slice(1) : rows), hasMore };
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
    return { items: await this.views.of(rows), hasMore, hasMoreAfter };
  }

  /** The author's own text messages only, and not once deleted. */
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
    const [dto] = await this.views.of([updated]);
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

  /** A deleted account's messages become tombstones; every room is told, as for one delete. */
  async tombstoneAllOf(senderId: string): Promise<number> {
    const erased = await this.messages.tombstoneAllOf(senderId);
    for (const message of erased) {
      this.realtime.toConversation(message.conversationId, SocketEvent.MessageDeleted, message);
    }
    return erased.length;
  }

  /** A message the caller may see, for actions on bot replies (stop, retry). */
  async getVisible(messageId: string, userId: string): Promise<MessageDto> {
    const [dto] = await this.views.of([await this.requireVisibleMessage(messageId, userId)]);
    return dto;
  }

  /** The newest message of each conversation, keyed by conversation id. */
  async lastMessages(
    pairs: { conversationId: string; seq: number }[],
  ): Promise<Map<string, MessageDto>> {
    const dtos = await this.views.of(await this.messages.findAt(pairs));
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
    const dtos = await this.views.of(await this.messages.findByIds(ids));
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
}
