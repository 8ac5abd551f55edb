import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { type Job, Worker } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { createRedis, type RedisClient } from '../redis/redis.module';
import { reportError, telemetry } from '../telemetry/telemetry';
import { type QueueJob, queuePrefix } from './job-definitions';
import { JobProcessor, type QueueProcessor, SHUTDOWN_REASON } from './job-processor';
import type { QueueName } from './job.types';
import { quitOrDrop, settlesWithin } from './settles-within';

/** Time left at the shutdown deadline for the cancelled jobs to hand themselves back. */
const HAND_BACK_MS = 2_000;

/**
 * Runs a BullMQ worker for every `@JobProcessor` provider this process has, on connections it
 * owns: BullMQ duplicates the template below per worker (its blocking fetch needs its own), and
 * the duplicates inherit `maxRetriesPerRequest: null`, so blocking commands wait out a Redis
 * outage instead of failing. A process with no processor (the API with WORKER_MODE=none)
 * opens nothing.
 */
@Injectable()
export class JobWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly workers: Worker[] = [];
  private connection?: RedisClient;
  private closing?: Promise<void>;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const seen = new Set<QueueName>();
    for (const wrapper of this.discovery.getProviders({ metadataKey: JobProcessor.KEY })) {
      const queue = this.discovery.getMetadataByDecorator(JobProcessor, wrapper);
      if (!queue) continue;
      if (seen.has(queue)) throw new Error(`two processors for the queue ${queue}`);
      seen.add(queue);
      const processor = wrapper.instance as QueueProcessor<QueueName>;
      if (processor.enabled === false) continue;
      this.workers.push(this.start(queue, processor));
    }
  }

  /** Stops taking jobs; active ones finish, or are cancelled shortly before the deadline. */
  beforeApplicationShutdown(): Promise<void> {
    this.closing ??= this.close();
    return this.closing;
  }

  private start(queue: QueueName, processor: QueueProcessor<QueueName>): Worker {
    this.connection ??= this.template();
    // Three parameters: BullMQ passes the abort signal only to a function that declares it.
    // The queue's jobs are the ones its definitions name (`QueueJob`).
    const worker = new Worker(
      queue,
      (job: Job, token?: string, signal?: AbortSignal) =>
        processor.handle(job as QueueJob<QueueName>, token, signal),
      // With tracing on, a job's span continues the trace of whatever added it.
      {
        connection: this.connection,
        prefix: queuePrefix(this.config),
        telemetry: telemetry.bullmq,
        ...processor.settings,
      },
    );
    let reported = false;
    worker.on('error', (error) => {
      // Once per outage: BullMQ keeps retrying by itself.
      if (reported) return;
      reported = true;
      this.logger.warn(`${queue}: queue unavailable (${error.message}); retrying`);
    });
    worker.on('ready', () => (reported = false));
    if (telemetry.report) {
      worker.on('failed', (job, error) => {
        // Only the attempt that gives up: a retried failure is not yet an error to look at.
        if (job && job.attemptsMade < (job.opts.attempts ?? 1)) return;
        reportError(error, { queue, job: job?.name ?? 'unknown' });
      });
    }
    if (processor.onFailed) {
      const onFailed = processor.onFailed.bind(processor);
      worker.on('failed', (job, error) => {
        if (!job) return;
        onFailed(job as QueueJob<QueueName>, error).catch((failure: unknown) =>
          this.logger.error(`${queue}: handling the failure of job ${job.id}: ${String(failure)}`),
        );
      });
    }
    return worker;
  }

  private template(): RedisClient {
    return createRedis(this.config, 'jobs-worker', { maxRetriesPerRequest: null });
  }

  private async close(): Promise<void> {
    const deadline = setTimeout(
      () => this.workers.forEach((w) => w.cancelAllJobs(SHUTDOWN_REASON)),
      Math.max(0, this.config.SHUTDOWN_TIMEOUT_MS - HAND_BACK_MS),
    );
    const closed = await settlesWithin(
      Promise.all(this.workers.map((w) => w.close().catch(() => undefined))),
      this.config.SHUTDOWN_TIMEOUT_MS,
    );
    clearTimeout(deadline);
    if (!closed) await Promise.all(this.workers.map((w) => w.disconnect().catch(() => undefined)));
    if (this.connection) await quitOrDrop(this.connection);
  }
}
