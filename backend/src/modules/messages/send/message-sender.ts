import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { RateLimitedException } from '../../../common/rate-limit/rate-limited.exception';
import { type RateWindow, RedisRateLimiter } from '../../../common/rate-limit/redis-rate-limiter';
import { AppConfig } from '../../../config/app-config';
import { ReadRouting } from '../../../database/read-routing';
import { RealtimePublisher } from '../../realtime/contract/realtime.publisher';
import { SocketEvent } from '../../realtime/contract/socket-event';
import { MessageAnnouncer } from '../delivery/message-announcer';
import { MAX_BODY_LENGTH, type SendMessageDto } from '../dto/message-input.dto';
import type { MessageDto } from '../dto/message.dto';
import type { ForwardedFrom } from '../message.entity';
import { MessageViews } from '../message-views';
import { MessagesRepository } from '../messages.repository';
import type { SendOutcome } from './send-batch';
import { SendBatcher } from './send-batcher';
import { SendMetrics } from './send-metrics';

export interface SendResult {
  created: boolean;
  message: MessageDto;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A person's send: limits, the group commit, and what the sender and the members are told. */
@Injectable()
export class MessageSender {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly batcher: SendBatcher,
    private readonly limiter: RedisRateLimiter,
    private readonly config: AppConfig,
    private readonly views: MessageViews,
    private readonly announcer: MessageAnnouncer,
    private readonly realtime: RealtimePublisher,
    private readonly metrics: SendMetrics,
    private readonly reads: ReadRouting,
  ) {}

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
    forwardedFrom: ForwardedFrom | null = null,
  ): Promise<{ result: Promise<SendResult> }> {
    const startedAt = performance.now();
    try {
      const { result } = await this.queue(conversationId, senderId, input, forwardedFrom);
      return { result: this.metrics.track(result, startedAt) };
    } catch (error) {
      this.metrics.failed(error);
      throw error;
    }
  }

  private async queue(
    conversationId: string,
    senderId: string,
    input: SendMessageDto,
    forwardedFrom: ForwardedFrom | null,
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
      const settled = this.settle(
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
      threadRootId: input.threadRootId ?? null,
      alsoToConversation: input.alsoToConversation ?? false,
      forwardedFrom,
    });
    // Read-your-writes: the mark goes to Redis while the batch commits; the ack waits for both.
    const marked = this.reads.markWrote(senderId);
    return {
      result: outcome.then(async (o) => {
        await marked;
        return this.settle(o, limits);
      }),
    };
  }

  private async settle(outcome: SendOutcome, limits: RateWindow[]): Promise<SendResult> {
    if (outcome.outcome !== 'created' && limits.length > 0) {
      // Only a stored message counts: a retry or a refused send gives its quota back. Best
      // effort: with Redis away the quota stays spent, which only errs on the strict side.
      this.limiter.unhitAll(limits).catch(() => undefined);
    }
    switch (outcome.outcome) {
      case 'created': {
        const message = await this.views.fresh(outcome.message);
        this.announcer.announce(message);
        if (outcome.thread) {
          this.realtime.toConversation(
            outcome.thread.conversationId,
            SocketEvent.ThreadUpdated,
            outcome.thread,
          );
        }
        return { created: true, message };
      }
      case 'duplicate': {
        const [message] = await this.views.of([outcome.message]);
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
      case 'bad_thread':
        throw new ConflictException(
          'threadRootId must be a message of this conversation that is not itself a thread reply',
        );
      case 'archived':
        throw new ForbiddenException('this conversation is archived: it is read-only');
    }
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
}
