import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobQueue } from './job-queue';
import { JobQueueMetrics } from './job-queue.metrics';
import { JobWorkers } from './job-workers';

/**
 * Background jobs for every process: `JobQueue` to produce, and the workers for whichever
 * `@JobProcessor` providers the process imports. See `job.types.ts` to add a queue.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [JobQueue, JobWorkers, JobQueueMetrics],
  exports: [JobQueue],
})
export class JobsModule {}
