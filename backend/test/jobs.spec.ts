import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { JobProcessor, type QueueProcessor } from '../src/common/jobs/job-processor';
import { JobQueue } from '../src/common/jobs/job-queue';
import { JobName, QueueName, type ThumbnailJob } from '../src/common/jobs/job.types';
import { JobsModule } from '../src/common/jobs/jobs.module';
import { loadConfig } from '../src/config/app-config';
import { ConfigModule } from '../src/config/config.module';
import { MetricsModule } from '../src/modules/metrics/metrics.module';
import { MetricsService } from '../src/modules/metrics/metrics.service';
import { waitFor } from './support/services';

/** A Redis database of its own: other test files run their queues on database 0 meanwhile. */
const DB = 9;

@Injectable()
@JobProcessor(QueueName.Thumbnails)
class RecordingProcessor implements QueueProcessor<QueueName.Thumbnails> {
  static handled: string[] = [];
  readonly settings = { concurrency: 1 };

  handle(job: Job<ThumbnailJob>): Promise<string> {
    RecordingProcessor.handled.push(job.data.attachmentId);
    return Promise.resolve('done');
  }
}

@Module({ providers: [RecordingProcessor] })
class RecordingWorkerModule {}

/**
 * The jobs module on real Redis: one connection owner, ids from payloads, processors found by
 * their decorator, depth in /metrics, and a shutdown that leaves no connection behind.
 */
describe('jobs (JobQueue, JobWorkers)', () => {
  const url = new URL(process.env.REDIS_URL!);
  url.pathname = `/${DB}`;
  const config = loadConfig(
    { ...process.env, REDIS_URL: url.href, LOG_LEVEL: 'warn', NODE_ENV: 'test' },
    { needsJwtSecret: false },
  );
  let admin: Redis;

  /** Every connection of this database closed, but the test's own. */
  const allClosed = () =>
    waitFor(
      async () => (await clients()).every((name) => name === 'jobs-spec-admin'),
      5_000,
      'every jobs connection to close',
    );

  /** This database's clients by name (the server lists every database's). */
  async function clients(): Promise<string[]> {
    const list = (await admin.client('LIST')) as string;
    return list
      .split('\n')
      .filter((line) => line.includes(` db=${DB} `))
      .map((line) => /name=(\S*)/.exec(line)?.[1] ?? '');
  }

  const boot = (withWorker: boolean): Promise<INestApplicationContext> =>
    NestFactory.createApplicationContext(
      {
        module: class TestRoot {},
        imports: [
          ConfigModule.forRoot(config),
          MetricsModule,
          JobsModule,
          ...(withWorker ? [RecordingWorkerModule] : []),
        ],
      },
      { logger: false },
    );

  beforeAll(async () => {
    admin = new Redis(url.href, { connectionName: 'jobs-spec-admin' });
    await admin.flushdb();
  });
  afterAll(async () => {
    await admin.flushdb();
    await admin.quit();
  });

  it('a process without processors only produces: one connection, and one job per id', async () => {
    const app = await boot(false);
    const jobs = app.get(JobQueue);
    await jobs.add(JobName.Thumbnail, { attachmentId: 'a1' });
    await jobs.add(JobName.Thumbnail, { attachmentId: 'a1' });
    await jobs.addBulk(JobName.Thumbnail, [{ attachmentId: 'a1' }, { attachmentId: 'a2' }]);
    const counts = await jobs.counts(QueueName.Thumbnails, ['waiting']);
    expect(counts.waiting).toBe(2);
    expect((await clients()).filter((name) => name !== 'jobs-spec-admin')).toEqual([
      'jobs-producer',
    ]);
    const metrics = await app.get(MetricsService).render();
    expect(metrics).toMatch(/^job_queue_jobs\{queue="attachment-thumbnails",state="waiting"\} 2$/m);
    expect(metrics).toMatch(/^bot_queue_jobs\{state="waiting"\} 0$/m);
    await app.close();
    await allClosed();
  });

  it('a process with a processor works its queue, then closes every connection once', async () => {
    const app = await boot(true);
    await waitFor(
      () => Promise.resolve(RecordingProcessor.handled.length === 2),
      15_000,
      'the queued jobs to be handled',
    );
    expect(RecordingProcessor.handled.sort()).toEqual(['a1', 'a2']);
    const names = await clients();
    expect(names).toContain('jobs-producer');
    expect(names).toContain('jobs-worker');
    await app.close();
    await allClosed();
  });

  it('addOrRetry runs a failed job of the same id again, where add is ignored', async () => {
    const app = await boot(false);
    const jobs = app.get(JobQueue);
    await jobs.add(JobName.Thumbnail, { attachmentId: 'f1' }, { attempts: 1 });
    const connection = new Redis(url.href, { maxRetriesPerRequest: null });
    // A worker whose every attempt fails, as one does while PostgreSQL is away.
    const failing = new Worker(
      QueueName.Thumbnails,
      () => Promise.reject(new Error('connect ECONNREFUSED')),
      { connection },
    );
    const queue = new Queue(QueueName.Thumbnails, { connection });
    try {
      await waitFor(async () => (await queue.getJob('f1'))?.isFailed(), 15_000, 'the job to fail');
      await failing.close();
      await jobs.add(JobName.Thumbnail, { attachmentId: 'f1' });
      expect(await (await queue.getJob('f1'))!.isFailed()).toBe(true);

      await jobs.addOrRetry(JobName.Thumbnail, { attachmentId: 'f1' });
      const again = (await queue.getJob('f1'))!;
      expect(await again.isWaiting()).toBe(true);
      expect(again.attemptsMade).toBe(0);
      // A job that exists and has not failed is left as it is.
      await jobs.addOrRetry(JobName.Thumbnail, { attachmentId: 'f1' });
      expect(await jobs.counts(QueueName.Thumbnails, ['waiting', 'failed'])).toEqual({
        waiting: 1,
        failed: 0,
      });
    } finally {
      await failing.close();
      await queue.close();
      connection.disconnect();
      await app.close();
    }
  });
});
