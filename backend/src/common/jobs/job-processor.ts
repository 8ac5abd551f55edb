import { DiscoveryService } from '@nestjs/core';
import type { WorkerOptions } from 'bullmq';
import type { QueueJob } from './job-definitions';
import type { QueueName } from './job.types';

/**
 * Marks a provider as the worker of a queue. `JobWorkers` finds it in whatever modules the
 * process imports and runs it, so only a process that imports the provider's module works
 * that queue (the worker, or the API with WORKER_MODE=inline).
 */
export const JobProcessor = DiscoveryService.createDecorator<QueueName>();

/** How a queue's worker runs; the connection and shutdown are `JobWorkers`' business. */
export type WorkerSettings = Pick<
  WorkerOptions,
  'concurrency' | 'lockDuration' | 'stalledInterval' | 'maxStalledCount'
>;

export interface QueueProcessor<Q extends QueueName> {
  readonly settings: WorkerSettings;
  /** false: no process works the queue (a feature switched off by configuration). */
  readonly enabled?: boolean;
  /** The work; `signal` aborts when the job is cancelled (see `isShutdownAbort`). */
  handle(
    job: QueueJob<Q>,
    token: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<unknown>;
  /** After a failed attempt (or a job BullMQ gave up on by itself, such as a stalled one). */
  onFailed?(job: QueueJob<Q>, error: Error): Promise<void>;
}

/** The reason `JobWorkers` cancels running jobs with when shutdown is about to run out of time. */
export const SHUTDOWN_REASON = 'shutdown';

/** The job was cancelled because its process is stopping: hand it back rather than fail it. */
export const isShutdownAbort = (signal: AbortSignal | undefined): boolean =>
  signal?.aborted === true && signal.reason === SHUTDOWN_REASON;
