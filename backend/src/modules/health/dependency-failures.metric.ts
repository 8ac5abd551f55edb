import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Counter } from 'prom-client';
import { onDependencyFailure } from '../../common/dependency-failure';
import { MetricsService } from '../metrics/metrics.service';

/**
 * `chat_dependency_failures_total{dependency,phase}`: requests refused because PostgreSQL or
 * Redis could not serve, by where it failed (connect, lost, cancel, command). Sees what a ping
 * does not: statement timeouts, a database closed to new sessions, slots running out.
 */
@Injectable()
export class DependencyFailuresMetric implements OnModuleDestroy {
  private readonly unsubscribe: () => void;

  constructor(metrics: MetricsService) {
    const counter = new Counter({
      name: 'chat_dependency_failures_total',
      help: 'Requests refused because PostgreSQL or Redis could not serve, by where it failed',
      labelNames: ['dependency', 'phase'] as const,
      registers: [metrics.registry],
    });
    this.unsubscribe = onDependencyFailure(({ dependency, phase }) =>
      counter.inc({ dependency, phase }),
    );
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }
}
