import { Injectable } from '@nestjs/common';
import { JobQueue } from '../../common/jobs/job-queue';
import { type BotReplyJob, JobName } from '../../common/jobs/job.types';
import { AppConfig } from '../../config/app-config';

/** Puts owed replies on the `bot-replies` queue; every process that hands work off has one. */
@Injectable()
export class BotRepliesProducer {
  constructor(
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  /** Idempotent while the job exists: its id derives from the message and the bot. */
  async enqueue(reply: BotReplyJob): Promise<void> {
    await this.jobs.add(JobName.BotReply, reply, { attempts: this.config.BOT_REPLY_ATTEMPTS });
  }

  /**
   * For the outbox sweep: a reply still owed is queued, or its failed job runs again (its
   * failure was never recorded, or the reply would no longer be owed).
   */
  async enqueueOwed(reply: BotReplyJob): Promise<void> {
    await this.jobs.addOrRetry(JobName.BotReply, reply, {
      attempts: this.config.BOT_REPLY_ATTEMPTS,
    });
  }

  /** For a retry: the finished job of the same id is removed so the new one is not ignored. */
  async enqueueAgain(reply: BotReplyJob): Promise<void> {
    await this.jobs.remove(JobName.BotReply, reply);
    await this.enqueue(reply);
  }
}
