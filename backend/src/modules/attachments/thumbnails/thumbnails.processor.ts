import { Injectable, Logger } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { Readable } from 'node:stream';
import { JobProcessor, type QueueProcessor } from '../../../common/jobs/job-processor';
import { QueueName, type ThumbnailJob } from '../../../common/jobs/job.types';
import { AppConfig } from '../../../config/app-config';
import { SocketEvent } from '../../realtime/contract/socket-event';
import { RealtimePublisher } from '../../realtime/contract/realtime.publisher';
import type { AttachmentEntity } from '../attachment.entity';
import { toAttachmentDto } from '../attachments.mapper';
import { AttachmentsRepository } from '../attachments.repository';
import type { AttachmentUpdatedEventDto } from '../dto/attachment.dto';
import { AttachmentStorage } from '../storage/attachment-storage';
import { makeThumbnail, UnreadableImage } from './thumbnail-maker';

/** sharp uses libvips threads per image; a few images at once keep two cores busy. */
const CONCURRENCY = 2;
const LOCK_MS = 30_000;
/** A job that finds the process above its memory limit steps aside this long. */
const MEMORY_WAIT_MS = 2_000;

/**
 * The worker side of `attachment-thumbnails`: measures each image, stores a WebP thumbnail and
 * tells the conversation (`attachment:updated`). An image that cannot be decoded is marked
 * `failed` at once; other errors (storage, database) are retried with backoff, and marked
 * `failed` after the last attempt. A worker killed mid-job loses its lock and the job runs again.
 */
@Injectable()
@JobProcessor(QueueName.Thumbnails)
export class ThumbnailsProcessor implements QueueProcessor<QueueName.Thumbnails> {
  private readonly logger = new Logger('Thumbnails');
  readonly settings = {
    concurrency: CONCURRENCY,
    lockDuration: LOCK_MS,
    stalledInterval: LOCK_MS,
    maxStalledCount: 2,
  };

  constructor(
    private readonly attachments: AttachmentsRepository,
    private readonly storage: AttachmentStorage,
    private readonly realtime: RealtimePublisher,
    private readonly config: AppConfig,
  ) {}

  async handle(
    job: Job<ThumbnailJob>,
    token: string | undefined,
  ): Promise<'ready' | 'failed' | 'skipped'> {
    const attachment = await this.attachments.findById(job.data.attachmentId);
    if (!attachment || attachment.kind !== 'image' || attachment.status !== 'processing') {
      return 'skipped';
    }
    if (this.overMemoryLimit()) {
      // Not an attempt: it comes back once the images being made have let go of their memory.
      await job.moveToDelayed(Date.now() + MEMORY_WAIT_MS, token);
      throw new DelayedError();
    }
    let thumbnail;
    try {
      thumbnail = await makeThumbnail(
        await this.storage.get(attachment.storageKey),
        this.config.THUMBNAIL_MAX_PIXELS,
      );
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

  /** THUMBNAIL_MEMORY_LIMIT_MB: the process's resident size is at or above it (0: no limit). */
  private overMemoryLimit(): boolean {
    const limitMb = this.config.THUMBNAIL_MEMORY_LIMIT_MB;
    return limitMb > 0 && process.memoryUsage.rss() >= limitMb * 1_048_576;
  }

  /** After the last attempt, the image is given up on so clients stop waiting for it. */
  async onFailed(job: Job<ThumbnailJob>, error: Error): Promise<void> {
    if (job.attemptsMade < (job.opts.attempts ?? 1)) return;
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
