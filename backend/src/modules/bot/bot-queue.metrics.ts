import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';
import { BotRepliesProducer } from './bot-replies.producer';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/** Queue depth by state, read from Redis when /metrics is scraped (shared by all processes). */
@Injectable()
export class BotQueueMetrics {
  constructor(metrics: MetricsService, producer: BotRepliesProducer) {
    new Gauge({
      name: 'bot_queue_jobs',
      help: 'Jobs on the bot-replies queue, by state (the whole queue, not this process)',
      labelNames: ['state'] as const,
      registers: [metrics.registry],
      async collect() {
        // Redis away: the scrape still answers, without this figure.
        const counts = await producer.queue.getJobCounts(...STATES).catch(() => null);
        if (!counts) return;
        for (const state of STATES) this.set({ state }, counts[state] ?? 0);
      },
    });
  }
}
