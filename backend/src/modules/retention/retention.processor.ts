import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobProcessor, type QueueProcessor } from '../../common/jobs/job-processor';
import { JobQueue } from '../../common/jobs/job-queue';
import { JobName, QueueName } from '../../common/jobs/job.types';
import { AttachmentsService } from '../attachments/attachments.service';
import { AuditService } from '../audit/audit.service';
import { SYSTEM_ACTOR } from '../audit/audit-action';
import { MessageRetention } from '../messages/retention/message-retention';
import { SocketEvent } from '../realtime/contract/socket-event';
import { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import { WorkspaceSettingsService } from '../workspace/workspace-settings.service';

const DAY_MS = 86_400_000;
/** Messages deleted per statement: short row locks on the busiest table, however much is due. */
export const RETENTION_BATCH = 1_000;

export interface RetentionOutcome {
  /** The setting the run applied; null: off, nothing deleted. */
  retentionDays: number | null;
  /** Messages created before this were deleted (ISO time); null when off. */
  cutoff: string | null;
  messages: number;
  files: number;
  batches: number;
}

/**
 * The workspace's `retentionDays`: a repeatable daily job (scheduled by every process that works
 * the queues; the schedule is one, in Redis) deletes messages older than that many days, in
 * batches (see MessageRetention for the rule on threads and pins), then their files, and tells
 * the rooms with `message:deleted` per message, as a deletion does. Each run that applies the
 * setting writes one `retention.purged` audit entry with its counts.
 */
@Injectable()
@JobProcessor(QueueName.Retention)
export class RetentionProcessor
  implements QueueProcessor<QueueName.Retention>, OnApplicationBootstrap
{
  private readonly logger = new Logger('Retention');
  readonly settings = { concurrency: 1 };

  constructor(
    private readonly workspace: WorkspaceSettingsService,
    private readonly retention: MessageRetention,
    private readonly attachments: AttachmentsService,
    private readonly audit: AuditService,
    private readonly realtime: RealtimePublisher,
    private readonly jobs: JobQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Redis away at start: the next process start schedules it.
    await this.jobs
      .repeat(JobName.PurgeExpired, { trigger: 'daily' }, DAY_MS)
      .catch((error: unknown) => this.logger.warn(`retention not scheduled: ${String(error)}`));
  }

  async handle(): Promise<RetentionOutcome> {
    const { retentionDays } = await this.workspace.get();
    if (retentionDays === null) {
      return { retentionDays, cutoff: null, messages: 0, files: 0, batches: 0 };
    }
    const cutoff = new Date(Date.now() - retentionDays * DAY_MS);
    const outcome = {
      retentionDays,
      cutoff: cutoff.toISOString(),
      messages: 0,
      files: 0,
      batches: 0,
    };
    for (;;) {
      const batch = await this.retention.purgeBatch(cutoff, RETENTION_BATCH);
      if (batch.length === 0) break;
      outcome.batches++;
      outcome.messages += batch.length;
      for (const { id, conversationId, seq } of batch) {
        this.realtime.toConversation(conversationId, SocketEvent.MessageDeleted, {
          id,
          conversationId,
          seq,
        });
      }
      outcome.files += await this.attachments.deleteUnreferenced(
        batch.flatMap((m) => m.attachmentIds),
      );
      if (batch.length < RETENTION_BATCH) break;
    }
    await this.audit.record(SYSTEM_ACTOR, 'retention.purged', null, outcome);
    if (outcome.messages > 0) {
      this.logger.log(
        `deleted ${outcome.messages} messages older than ${retentionDays} days and ${outcome.files} files, in ${outcome.batches} batches`,
      );
    }
    return outcome;
  }
}
