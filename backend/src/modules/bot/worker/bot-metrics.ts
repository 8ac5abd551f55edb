import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../../metrics/metrics.service';

/** What the bot worker measures: outcomes, durations, time to the first streamed chunk, cache. */
@Injectable()
export class BotMetrics {
  readonly replies: Counter<'bot' | 'outcome'>;
  readonly duration: Histogram<'bot' | 'outcome'>;
  readonly firstDelta: Histogram<'bot'>;
  readonly cache: Counter<'result'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.replies = new Counter({
      name: 'bot_replies_total',
      help: 'Bot replies finished, by bot and outcome (complete, stopped, failed, retried)',
      labelNames: ['bot', 'outcome'] as const,
      registers,
    });
    this.duration = new Histogram({
      name: 'bot_reply_duration_seconds',
      help: 'Time from the job starting to the reply being stored, by bot and outcome',
      labelNames: ['bot', 'outcome'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    });
    this.firstDelta = new Histogram({
      name: 'bot_first_delta_seconds',
      help: "Time from the person's message being stored to the first streamed chunk of the reply",
      labelNames: ['bot'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.cache = new Counter({
      name: 'bot_reply_cache_total',
      help: 'Reply cache lookups for deterministic bots, by result (hit, miss)',
      labelNames: ['result'] as const,
      registers,
    });
  }
}
