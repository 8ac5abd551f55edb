import { Injectable, NotFoundException } from '@nestjs/common';
import { isUniqueViolation } from '../../../database/errors';
import { SocketEvent } from '../../realtime/contract/socket-event';
import { RealtimePublisher } from '../../realtime/contract/realtime.publisher';
import { MessageAnnouncer } from '../delivery/message-announcer';
import type { NewMessage } from '../append-message';
import type { MessageDto } from '../dto/message.dto';
import type { MessageStatus } from '../message.entity';
import { MessageViews } from '../message-views';
import { MessagesRepository } from '../messages.repository';
import { ThreadsRepository } from '../threads/threads.repository';

const CLIENT_ID_PREFIX = 'bot:';

/** A bot reply's client id: one reply per bot and message it answers. */
export const botReplyClientId = (triggerMessageId: string) =>
  `${CLIENT_ID_PREFIX}${triggerMessageId}`;

/** The message a bot reply answers, read from its client id; null for any other message. */
export const triggerOfBotReply = (clientMessageId: string): string | null =>
  clientMessageId.startsWith(CLIENT_ID_PREFIX)
    ? clientMessageId.slice(CLIENT_ID_PREFIX.length)
    : null;

/**
 * The bot module's port to messages: what a bot worker reads (the question and its context)
 * and writes (its reply, streamed into one message). Nothing here checks a person's rights:
 * the callers are the worker and bot actions already checked (`BotsService`).
 */
@Injectable()
export class BotReplyMessages {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly views: MessageViews,
    private readonly realtime: RealtimePublisher,
    private readonly announcer: MessageAnnouncer,
    private readonly threads: ThreadsRepository,
  ) {}

  /** A message by id with its sender, whatever its conversation. */
  async findForReply(messageId: string): Promise<MessageDto | null> {
    const message = await this.messages.findById(messageId);
    return message ? (await this.views.of([message]))[0] : null;
  }

  /** Up to `limit` messages ending at `seq` (inclusive), oldest first. */
  async recentUpTo(conversationId: string, seq: number, limit: number): Promise<MessageDto[]> {
    return this.views.of(await this.messages.page(conversationId, { beforeSeq: seq + 1 }, limit));
  }

  /**
   * A thread's root and up to `limit - 1` of its replies ending at `seq` (inclusive), oldest
   * first: what a question asked in that thread is about, without the main timeline.
   */
  async threadUpTo(rootId: string, seq: number, limit: number): Promise<MessageDto[]> {
    const [root, replies] = await Promise.all([
      this.messages.findById(rootId),
      this.threads.replies(rootId, { beforeSeq: seq + 1 }, Math.max(limit - 1, 1)),
    ]);
    return this.views.of(root ? [root, ...replies] : replies);
  }

  /** A bot's reply to a message, if one was started. */
  async findBotReply(botId: string, triggerMessageId: string): Promise<MessageDto | null> {
    const reply = await this.messages.findByClientId(botId, botReplyClientId(triggerMessageId));
    return reply ? (await this.views.of([reply]))[0] : null;
  }

  /**
   * Starts a bot's reply: a `streaming` message numbered now (so it sits right after what it
   * answers), announced with `message:new`. Its client id derives from the message it answers,
   * so a retried job finds the same message instead of making a second one. With a
   * `threadRootId` (the question was asked in a thread) the reply goes into that thread, not
   * the main timeline, and the room gets the thread's new summary.
   */
  async startBotReply(input: {
    conversationId: string;
    botId: string;
    triggerMessageId: string;
    replyToId: string | null;
    threadRootId: string | null;
  }): Promise<MessageDto> {
    const existing = await this.findBotReply(input.botId, input.triggerMessageId);
    if (existing) return existing;
    const reply: NewMessage = {
      conversationId: input.conversationId,
      senderId: input.botId,
      body: '',
      clientMessageId: botReplyClientId(input.triggerMessageId),
      replyToId: input.replyToId,
      kind: 'bot',
      status: 'streaming',
      system: null,
    };
    try {
      if (!input.threadRootId) {
        const message = await this.views.fresh(await this.messages.append(reply));
        this.announcer.announce(message);
        return message;
      }
      const stored = await this.messages.appendThreadReply(reply, input.threadRootId);
      const message = await this.views.fresh(stored.message);
      this.announcer.announce(message);
      this.realtime.toConversation(
        stored.thread.conversationId,
        SocketEvent.ThreadUpdated,
        stored.thread,
      );
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
    const [dto] = await this.views.of([updated]);
    this.realtime.toConversation(updated.conversationId, SocketEvent.MessageUpdated, dto);
    return dto;
  }
}
