import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsService } from '../../modules/metrics/metrics.service';
import { JobQueue } from './job-queue';
import { QueueName } from './job.types';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/** Queue depth by queue and state, read from Redis when /metrics is scraped (every process's). */
@Injectable()
export class JobQueueMetrics {
  constructor(metrics: MetricsService, jobs: JobQueue) {
    // Redis away: the scrape still answers, without these figures.
    const countsOf = (queue: QueueName) => jobs.counts(queue, STATES).catch(() => null);
    new Gauge({
      name: 'job_queue_jobs',
      help: 'Jobs on each queue, by state (the whole queue, not this process)',
      labelNames: ['queue', 'state'] as const,
      registers: [metrics.registry],
      async collect() {
        for (const queue of Object.values(QueueName)) {
          const counts = await countsOf(queue);
          if (counts) for (const state of STATES) this.set({ queue, state }, counts[state] ?? 0);
        }
      },
    });
    // The bot queue's figure under its first name, which dashboards and alerts already read.
    new Gauge({
      name: 'bot_queue_jobs',
      help: 'Jobs on the bot-replies queue, by state (the whole queue, not this process)',
      labelNames: ['state'] as const,
      registers: [metrics.registry],
      async collect() {
        const counts = await countsOf(QueueName.BotReplies);
        if (counts) for (const state of STATES) this.set({ state }, counts[state] ?? 0);
      },
    });
  }
}
