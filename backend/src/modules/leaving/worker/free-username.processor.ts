import { Injectable, Logger, Module } from '@nestjs/common';
import type { JobOf } from '../../../common/jobs/job-definitions';
import { JobProcessor, type QueueProcessor } from '../../../common/jobs/job-processor';
import { JobName, QueueName } from '../../../common/jobs/job.types';
import { UsersModule } from '../../users/users.module';
import { UsersService } from '../../users/users.service';

/** Frees a deleted account's username once its grace period (the job's delay) has passed. */
@Injectable()
@JobProcessor(QueueName.DeletedAccounts)
export class FreeUsernameProcessor implements QueueProcessor<QueueName.DeletedAccounts> {
  private readonly logger = new Logger(FreeUsernameProcessor.name);
  readonly settings = { concurrency: 1 };

  constructor(private readonly users: UsersService) {}

  async handle(job: JobOf<JobName.FreeUsername>): Promise<boolean> {
    const freed = await this.users.freeUsername(job.data.userId);
    if (freed) this.logger.log(`freed the username of deleted account ${job.data.userId}`);
    return freed;
  }
}

@Module({ imports: [UsersModule], providers: [FreeUsernameProcessor] })
export class DeletedAccountsWorkerModule {}
