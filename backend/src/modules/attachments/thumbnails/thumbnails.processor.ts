import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Readable } from 'node:stream';
import { AppConfig } from '../../../config/app-config';
import { SocketEvent } from '../../realtime/contract/socket-event';
import { RealtimePublisher } from '../../realtime/contract/realtime.publisher';
import type { AttachmentEntity } from '../attachment.entity';
import { toAttachmentDto } from '../attachments.mapper';
import { AttachmentsRepository } from '../attachments.repository';
import type { AttachmentUpdatedEventDto } from '../dto/attachment.dto';
import { AttachmentStorage } from '../storage/attachment-storage';
import { makeThumbnail, UnreadableImage } from './thumbnail-maker';
import { THUMBNAILS_QUEUE, type ThumbnailJob } from './thumbnails.queue';

/** sharp uses libvips threads per image; a few images at once keep two cores busy. */
const CONCURRENCY = 2;
const LOCK_MS = 30_000;

/**
 * The worker side of `attachment-thumbnails`: measures each image, stores a WebP thumbnail and
 * tells the conversation (`attachment:updated`). An image that cannot be decoded is marked
 * `failed` at once; other errors (storage, database) are retried with backoff, and marked
 * `failed` after the last attempt. A worker killed mid-job loses its lock and the job runs again.
 */
@Injectable()
export class ThumbnailsProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Thumbnails');
  private worker?: Worker<ThumbnailJob>;
  private connection?: Redis;

  constructor(
    private readonly config: AppConfig,
    private readonly attachments: AttachmentsRepository,
    private readonly storage: AttachmentStorage,
    private readonly realtime: RealtimePublisher,
  ) {}

  onApplicationBootstrap(): void {
    this.connection = new Redis(this.config.REDIS_URL, {
      maxRetriesPerRequest: null,
      connectionName: 'thumbnails-worker',
    });
    this.connection.on('error', () => undefined);
    this.worker = new Worker<ThumbnailJob>(THUMBNAILS_QUEUE, (job) => this.process(job), {
      connection: this.connection,
      concurrency: CONCURRENCY,
      lockDuration: LOCK_MS,
      stalledInterval: LOCK_MS,
      maxStalledCount: 2,
    });
    this.worker.on('error', (error) => this.logger.warn(`queue error: ${error.message}`));
    this.worker.on('failed', (job, error) => void this.onFailed(job, error));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close().catch(() => undefined);
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }

  private async process(job: Job<ThumbnailJob>): Promise<'ready' | 'failed' | 'skipped'> {
    const attachment = await this.attachments.findById(job.data.attachmentId);
    if (!attachment || attachment.kind !== 'image' || attachment.status !== 'processing') {
      return 'skipped';
    }
    let thumbnail;
    try {
      thumbnail = await makeThumbnail(await this.storage.get(attachment.storageKey));
    } catch (error) {
      if (!(error instanceof UnreadableImage)) throw error;
      this.logger.warn(`attachment ${attachment.id} is not a readable image: ${error.message}`);
      await this.settle(attachment, { status: 'failed' });
      return 'failed';
    }
    const thumbnailKey = `${attachment.storageKey}.thumbnail.webp`;
    await this.storage.put(thumbnailKey, Readable.from([thumbnail.webp]), {
      contentType: 'image/webp',
      size: thumbnail.webp.length,
    });
    await this.settle(attachment, {
      status: 'ready',
      width: thumbnail.width,
      height: thumbnail.height,
      thumbnailKey,
    });
    return 'ready';
  }

  /** After the last attempt, the image is given up on so clients stop waiting for it. */
  private async onFailed(job: Job<ThumbnailJob> | undefined, error: Error): Promise<void> {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    this.logger.error(`thumbnail for ${job.data.attachmentId} failed: ${error.message}`);
    const attachment = await this.attachments.findById(job.data.attachmentId).catch(() => null);
    if (attachment?.status === 'processing') {
      await this.settle(attachment, { status: 'failed' }).catch(() => undefined);
    }
  }

  private async settle(
    attachment: AttachmentEntity,
    changes: Parameters<AttachmentsRepository['update']>[1],
  ): Promise<void> {
    const updated = await this.attachments.update(attachment.id, changes);
    if (!updated) return;
    const payload: AttachmentUpdatedEventDto = {
      conversationId: updated.conversationId,
      attachment: toAttachmentDto(updated),
    };
    this.realtime.toConversation(updated.conversationId, SocketEvent.AttachmentUpdated, payload);
  }
}
