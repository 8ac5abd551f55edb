import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobProcessor, type QueueProcessor } from '../../../common/jobs/job-processor';
import { JobQueue } from '../../../common/jobs/job-queue';
import { JobName, QueueName } from '../../../common/jobs/job.types';
import { AppConfig } from '../../../config/app-config';
import { SocketEvent } from '../../realtime/contract/socket-event';
import { RealtimePublisher } from '../../realtime/contract/realtime.publisher';
import { toAttachmentDto } from '../attachments.mapper';
import { AttachmentsRepository } from '../attachments.repository';
import type { AttachmentUpdatedEventDto } from '../dto/attachment.dto';
import { AttachmentStorage } from '../storage/attachment-storage';

/** How often the sweep runs: a lost thumbnail job waits at most about this long. */
export const SWEEP_EVERY_MS = 10 * 60_000;
/** An image still processing after this has lost its job (thumbnails take seconds)... */
const STUCK_AFTER_MS = 10 * 60_000;
/** ...and one still processing after this is given up on: its job keeps failing unseen. */
const GIVE_UP_AFTER_MS = 60 * 60_000;
/** Rows handled per query: short statements, however much there is to do. */
const BATCH = 200;

export interface SweepOutcome {
  deleted: number;
  requeued: number;
  failed: number;
}

/**
 * The attachments' periodic sweep (a repeatable job on `attachment-sweep`, scheduled by every
 * process that works the queues; the schedule is one, in Redis):
 * - files nobody may download any more are deleted with their thumbnails: every message that
 *   carried them is deleted, or no message took them within UPLOAD_ORPHAN_HOURS;
 * - images left `processing` (their job lost with Redis's data) are queued again, and after an
 *   hour marked `failed` so clients stop waiting.
 */
@Injectable()
@JobProcessor(QueueName.AttachmentSweep)
export class AttachmentSweepProcessor
  implements QueueProcessor<QueueName.AttachmentSweep>, OnApplicationBootstrap
{
  private readonly logger = new Logger('AttachmentSweep');
  readonly settings = { concurrency: 1 };

  constructor(
    private readonly attachments: AttachmentsRepository,
    private readonly storage: AttachmentStorage,
    private readonly jobs: JobQueue,
    private readonly realtime: RealtimePublisher,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Redis away at start: the next process start schedules it.
    await this.jobs
      .repeat(JobName.SweepAttachments, { trigger: 'schedule' }, SWEEP_EVERY_MS)
      .catch((error: unknown) => this.logger.warn(`sweep not scheduled: ${String(error)}`));
  }

  async handle(): Promise<SweepOutcome> {
    const outcome = { deleted: await this.collect(), ...(await this.unstick()) };
    if (outcome.deleted + outcome.requeued + outcome.failed > 0) {
      this.logger.log(
        `deleted ${outcome.deleted} files, queued ${outcome.requeued} thumbnails again, gave up on ${outcome.failed}`,
      );
    }
    return outcome;
  }

  private async collect(): Promise<number> {
    const cutoff = new Date(Date.now() - this.config.UPLOAD_ORPHAN_HOURS * 3_600_000);
    let deleted = 0;
    for (;;) {
      const batch = await this.attachments.collectable(cutoff, BATCH);
      const gone: string[] = [];
      for (const file of batch) {
        try {
          // Bytes first: a row is only forgotten once nothing of it is left in storage.
          if (file.thumbnailKey) await this.storage.delete(file.thumbnailKey);
          await this.storage.delete(file.storageKey);
          gone.push(file.id);
        } catch (error) {
          this.logger.warn(`attachment ${file.id} not deleted yet: ${String(error)}`);
        }
      }
      await this.attachments.deleteByIds(gone);
      deleted += gone.length;
      if (batch.length < BATCH || gone.length === 0) return deleted;
    }
  }

  private async unstick(): Promise<Omit<SweepOutcome, 'deleted'>> {
    const now = Date.now();
    const stuck = await this.attachments.stuckProcessing(new Date(now - STUCK_AFTER_MS), BATCH);
    let requeued = 0;
    let failed = 0;
    for (const attachment of stuck) {
      if (now - attachment.createdAt.getTime() < GIVE_UP_AFTER_MS) {
        // The job id is the attachment's: a job still queued or running makes this a no-op.
        await this.jobs.add(JobName.Thumbnail, { attachmentId: attachment.id });
        requeued++;
        continue;
      }
      const updated = await this.attachments.update(attachment.id, { status: 'failed' });
      if (!updated) continue;
      failed++;
      const payload: AttachmentUpdatedEventDto = {
        conversationId: updated.conversationId,
        attachment: toAttachmentDto(updated),
      };
      this.realtime.toConversation(updated.conversationId, SocketEvent.AttachmentUpdated, payload);
    }
    return { requeued, failed };
  }
}
