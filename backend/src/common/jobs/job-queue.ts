import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type JobType, Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { createRedis, type RedisClient } from '../redis/redis.module';
import { telemetry } from '../telemetry/telemetry';
import { type JobOf, type JobPolicy, jobOptions, queueOf, queuePrefix } from './job-definitions';
import { type JobPayloads, JobName, QueueName } from './job.types';
import { quitOrDrop, settlesWithin } from './settles-within';

/**
 * The one producer of jobs in a process: a `Queue` per queue, all on one Redis connection that
 * fails fast while Redis is away (a producer's caller decides what a refused job means).
 * Every job gets its id from its payload (see `JOBS`), so enqueueing twice makes one job.
 */
@Injectable()
export class JobQueue implements OnApplicationShutdown {
  private readonly connection: RedisClient;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly config: AppConfig) {
    this.connection = createRedis(config, 'jobs-producer');
  }

  async add<N extends JobName>(
    name: N,
    data: JobPayloads[N],
    overrides?: JobPolicy,
  ): Promise<void> {
    await this.queue(queueOf(name)).add(name, data, jobOptions(name, data, overrides));
  }

  /**
   * Adds the job, or sends the job of the same id back to run when it failed: for work a caller
   * still owes (an outbox row) although its job gave up, e.g. every attempt fell inside a
   * PostgreSQL outage and the failure could not be recorded. `add` alone would be ignored.
   */
  async addOrRetry<N extends JobName>(
    name: N,
    data: JobPayloads[N],
    overrides?: JobPolicy,
  ): Promise<void> {
    const opts = jobOptions(name, data, overrides);
    const queue = this.queue(queueOf(name));
    const existing = await queue.getJob(opts.jobId!);
    if (!existing) await queue.add(name, data, opts);
    else if (await existing.isFailed())
      await existing.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  }

  /** Several jobs of one name in one round trip. */
  async addBulk<N extends JobName>(name: N, items: JobPayloads[N][]): Promise<void> {
    if (items.length === 0) return;
    await this.queue(queueOf(name)).addBulk(
      items.map((data) => ({ name, data, opts: jobOptions(name, data) })),
    );
  }

  /**
   * Runs a job every `everyMs`, on every process's schedule at once: one scheduler per name
   * in Redis (upserted, so every process may call this at start and one schedule results).
   */
  async repeat<N extends JobName>(name: N, data: JobPayloads[N], everyMs: number): Promise<void> {
    // The scheduler names each run's job itself.
    const opts = jobOptions(name, data);
    delete opts.jobId;
    await this.queue(queueOf(name)).upsertJobScheduler(
      `${name}-schedule`,
      { every: everyMs },
      {
        name,
        data,
        opts,
      },
    );
  }

  /** Removes the job this payload names, so adding it again is not ignored (a manual retry). */
  async remove<N extends JobName>(name: N, data: JobPayloads[N]): Promise<void> {
    const { jobId } = jobOptions(name, data);
    await this.queue(queueOf(name)).remove(jobId!);
  }

  /**
   * Moves a delayed job to run `delayMs` from now, or adds it when it is gone. A job already
   * running is left alone: its processor reads the time from its own source of truth.
   */
  async reschedule<N extends JobName>(
    name: N,
    data: JobPayloads[N],
    delayMs: number,
  ): Promise<void> {
    const { jobId } = jobOptions(name, data);
    const job = await this.queue(queueOf(name)).getJob(jobId!);
    if (!job) return this.add(name, data, { delay: delayMs });
    if (await job.isDelayed()) await job.changeDelay(delayMs);
  }

  /** The job this payload names (to follow its state and progress), or null when there is none. */
  async find<N extends JobName>(name: N, data: JobPayloads[N]): Promise<JobOf<N> | null> {
    const { jobId } = jobOptions(name, data);
    const job = (await this.queue(queueOf(name)).getJob(jobId!)) as JobOf<N> | undefined;
    return job ?? null;
  }

  /** Jobs on a queue by state: the whole queue, every process's. */
  counts(queue: QueueName, states: readonly JobType[]): Promise<Record<string, number>> {
    return this.queue(queue).getJobCounts(...states);
  }

  async onApplicationShutdown(): Promise<void> {
    // The queues share the connection (BullMQ leaves a passed-in client open): closed once, here.
    const queues = [...this.queues.values()];
    const closed = await settlesWithin(
      Promise.all(queues.map((q) => q.close().catch(() => undefined))),
      this.config.SHUTDOWN_TIMEOUT_MS,
    );
    if (!closed) await Promise.all(queues.map((q) => q.disconnect().catch(() => undefined)));
    await quitOrDrop(this.connection);
  }

  private queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      // With tracing on, each job carries the context it was added in (see job-workers.ts).
      queue = new Queue(name, {
        connection: this.connection,
        prefix: queuePrefix(this.config),
        telemetry: telemetry.bullmq,
      });
      // Errors surface on the calls that fail; the queue's own event must not crash the process.
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }
}
