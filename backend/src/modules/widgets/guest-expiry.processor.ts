import { Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobProcessor, type QueueProcessor } from '../../common/jobs/job-processor';
import { JobQueue } from '../../common/jobs/job-queue';
import { JobName, QueueName } from '../../common/jobs/job.types';
import { AppConfig } from '../../config/app-config';
import { WidgetGuestEntity } from './widget-guest.entity';
import { WidgetEntity } from './widget.entity';
import { WidgetsRepository } from './widgets.repository';

const DAY_MS = 86_400_000;
/** Visitors deleted per transaction: short row locks, however many expire at once. */
const BATCH = 500;

/**
 * Deletes widget visitors idle GUEST_RETENTION_DAYS (no session started or renewed since; the
 * widget renews on every page load), with their conversations: a repeatable daily job, put on
 * the schedule by every process that works the queues (the schedule is one, in Redis).
 */
@Injectable()
@JobProcessor(QueueName.GuestExpiry)
export class GuestExpiryProcessor
  implements QueueProcessor<QueueName.GuestExpiry>, OnApplicationBootstrap
{
  private readonly logger = new Logger(GuestExpiryProcessor.name);
  readonly settings = { concurrency: 1 };

  constructor(
    private readonly widgets: WidgetsRepository,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Redis away at start: the next process start schedules it; nothing else depends on it.
    await this.jobs
      .repeat(JobName.ExpireGuests, { trigger: 'daily' }, DAY_MS)
      .catch((error: unknown) => this.logger.warn(`guest expiry not scheduled: ${String(error)}`));
  }

  async handle(): Promise<number> {
    let deleted = 0;
    for (;;) {
      const batch = await this.widgets.deleteIdleGuests(this.config.GUEST_RETENTION_DAYS, BATCH);
      deleted += batch;
      if (batch < BATCH) break;
    }
    if (deleted > 0) this.logger.log(`deleted ${deleted} idle widget visitors`);
    return deleted;
  }
}

@Module({
  imports: [TypeOrmModule.forFeature([WidgetEntity, WidgetGuestEntity])],
  providers: [WidgetsRepository, GuestExpiryProcessor],
})
export class GuestExpiryWorkerModule {}
