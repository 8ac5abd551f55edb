import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';
import { SessionsService } from './sessions.service';

/** A scrape every 15 s needs no fresher count than this; each count is one small query. */
const REFRESH_MS = 60_000;

/**
 * `chat_active_users{window}`: people whose session was used (signed in or refreshed, which a
 * connected client does every few minutes) within the last hour, day and week. The count is
 * the server's, not this process's: read it with max(), not sum().
 */
@Injectable()
export class ActiveUsersMetric {
  private countedAt = 0;

  constructor(
    private readonly sessions: SessionsService,
    metrics: MetricsService,
  ) {
    const count = (gauge: Gauge<'window'>) => this.count(gauge);
    new Gauge({
      name: 'chat_active_users',
      help: 'People with a session used within the window (1h, 1d, 7d), server-wide',
      labelNames: ['window'] as const,
      registers: [metrics.registry],
      collect() {
        return count(this);
      },
    });
  }

  private async count(gauge: Gauge<'window'>): Promise<void> {
    if (Date.now() - this.countedAt < REFRESH_MS) return;
    try {
      const counts = await this.sessions.activeUsers();
      for (const [window, value] of Object.entries(counts)) gauge.set({ window }, value);
      this.countedAt = Date.now();
    } catch {
      // The database is away: the last counts stand, and the readiness check says why.
    }
  }
}
