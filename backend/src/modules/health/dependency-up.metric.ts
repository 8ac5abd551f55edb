import { Injectable } from '@nestjs/common';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Gauge } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';
import { CHECK_TIMEOUT_MS } from './health.controller';
import { RedisHealthIndicator } from './redis.health';

/**
 * `chat_dependency_up{dependency}`: 1 when PostgreSQL (or Redis) answered this process's ping
 * at the scrape, else 0. The readiness probe's checks, kept as a series so dashboards and
 * alerts see an outage that a probe only acts on.
 */
@Injectable()
export class DependencyUpMetric {
  constructor(
    private readonly postgres: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    metrics: MetricsService,
  ) {
    const check = (gauge: Gauge<'dependency'>) => this.check(gauge);
    new Gauge({
      name: 'chat_dependency_up',
      help: 'Whether PostgreSQL and Redis answered a ping at the scrape (1) or not (0)',
      labelNames: ['dependency'] as const,
      registers: [metrics.registry],
      collect() {
        return check(this);
      },
    });
  }

  private async check(gauge: Gauge<'dependency'>): Promise<void> {
    // Terminus's checks are thenables: settled as 1 (answered) or 0 (failed or timed out).
    const up = (check: PromiseLike<unknown>) =>
      Promise.resolve(check).then(
        () => 1,
        () => 0,
      );
    const [postgres, redis] = await Promise.all([
      up(this.postgres.pingCheck('postgres').withTimeout(CHECK_TIMEOUT_MS)),
      up(this.redis.pingCheck('redis', CHECK_TIMEOUT_MS)),
    ]);
    gauge.set({ dependency: 'postgres' }, postgres);
    gauge.set({ dependency: 'redis' }, redis);
  }
}
