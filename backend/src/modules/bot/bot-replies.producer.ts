import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedis } from '../../common/redis/redis.module';
import { AppConfig } from '../../config/app-config';
import {
  type BotReplyJob,
  botReplyJobId,
  botReplyJobOptions,
  JobName,
  QueueName,
} from './bot-replies.queue';

/** Puts owed replies on the `bot-replies` queue; every process that hands work off has one. */
@Injectable()
export class BotRepliesProducer implements OnApplicationShutdown {
  private readonly connection: Redis;
  readonly queue: Queue<BotReplyJob>;

  constructor(private readonly config: AppConfig) {
    this.connection = createRedis(config.REDIS_URL, 'bot-replies-producer');
    this.queue = new Queue<BotReplyJob>(QueueName.BotReplies, { connection: this.connection });
    // Errors surface on the calls that fail; the queue's own event must not crash the process.
    this.queue.on('error', () => undefined);
  }

  /** Idempotent while the job exists: the id derives from the message and the bot. */
  async enqueue(reply: BotReplyJob): Promise<void> {
    await this.queue.add(JobName.Reply, reply, {
      jobId: botReplyJobId(reply),
      ...botReplyJobOptions(this.config.BOT_REPLY_ATTEMPTS),
    });
  }

  /** For a retry: the finished job of the same id is removed so the new one is not ignored. */
  async enqueueAgain(reply: BotReplyJob): Promise<void> {
    await this.queue.remove(botReplyJobId(reply));
    await this.enqueue(reply);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
