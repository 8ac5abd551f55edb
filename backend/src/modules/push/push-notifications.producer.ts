import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedis } from '../../common/redis/redis.module';
import { AppConfig } from '../../config/app-config';
import { CommittedMessages } from '../messages/delivery/committed-messages';
import type { MessageDto } from '../messages/dto/message.dto';
import { pushExcerpt } from './push-excerpt';
import {
  PUSH_JOB,
  PUSH_JOB_OPTIONS,
  PUSH_QUEUE,
  type PushJob,
  type PushMessage,
} from './push-queue';

/** Committed messages are gathered this long, then handed to the queue in one call. */
const TICK_MS = 150;
/** Messages per job: bounds a job's size at high send rates. */
const MESSAGES_PER_JOB = 500;

/**
 * Hands committed messages to the push workers off the send path: the listener only buffers;
 * one `addBulk` per tick enqueues them. Nothing at all happens when VAPID is not configured.
 */
@Injectable()
export class PushNotificationsProducer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Push');
  private connection?: Redis;
  private queue?: Queue<PushJob>;
  private buffer: MessageDto[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly committed: CommittedMessages,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (!this.config.pushEnabled) return;
    this.connection = createRedis(this.config.REDIS_URL, 'push-producer');
    this.queue = new Queue<PushJob>(PUSH_QUEUE, { connection: this.connection });
    this.queue.on('error', () => undefined);
    this.committed.subscribe((message) => this.take(message));
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    await this.flush();
    await this.queue?.close().catch(() => undefined);
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }

  /**
   * On the send path: keeps the message and nothing more. People's messages only: system lines
   * notify nobody, and a bot reply is committed empty.
   */
  private take(message: MessageDto): void {
    if (message.kind !== 'text' || !message.body) return;
    this.buffer.push(message);
    this.timer ??= setTimeout(() => void this.flush(), TICK_MS);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const messages = this.buffer.map(toPushMessage);
    this.buffer = [];
    if (messages.length === 0 || !this.queue) return;
    const jobs = [];
    for (let i = 0; i < messages.length; i += MESSAGES_PER_JOB) {
      jobs.push({
        name: PUSH_JOB,
        data: { messages: messages.slice(i, i + MESSAGES_PER_JOB) },
        opts: PUSH_JOB_OPTIONS,
      });
    }
    try {
      await this.queue.addBulk(jobs);
    } catch (error) {
      // Push is best effort: the messages themselves were delivered.
      this.logger.warn(`${messages.length} push notifications dropped: ${String(error)}`);
    }
  }
}

function toPushMessage(message: MessageDto): PushMessage {
  return {
    conversationId: message.conversationId,
    seq: message.seq,
    senderId: message.sender.id,
    senderName: message.sender.displayName,
    excerpt: pushExcerpt(message.body ?? ''),
    mentions: message.mentions,
    mentionsHere: message.mentionsHere,
  };
}
