import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedis } from '../../../common/redis/redis.module';
import { AppConfig } from '../../../config/app-config';
import {
  THUMBNAIL_JOB,
  type ThumbnailJob,
  thumbnailJobOptions,
  THUMBNAILS_QUEUE,
} from './thumbnails.queue';

/** Puts uploaded images on the `attachment-thumbnails` queue for the worker. */
@Injectable()
export class ThumbnailsProducer implements OnApplicationShutdown {
  private readonly connection: Redis;
  private readonly queue: Queue<ThumbnailJob>;

  constructor(config: AppConfig) {
    this.connection = createRedis(config.REDIS_URL, 'thumbnails-producer');
    this.queue = new Queue<ThumbnailJob>(THUMBNAILS_QUEUE, { connection: this.connection });
    this.queue.on('error', () => undefined);
  }

  /** The job id is the attachment's: enqueueing one image twice makes one job. */
  async enqueue(attachmentId: string): Promise<void> {
    await this.queue.add(
      THUMBNAIL_JOB,
      { attachmentId },
      { jobId: attachmentId, ...thumbnailJobOptions },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
