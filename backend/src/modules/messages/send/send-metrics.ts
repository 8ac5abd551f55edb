import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../../metrics/metrics.service';
import { errorCodeOf } from '../../realtime/contract/error-code';
import { SOCKET_ERROR_CODES } from '../../realtime/contract/socket-contract.dto';

/** What a person's sends cost and how they fail, on REST and the socket alike. */
@Injectable()
export class SendMetrics {
  private readonly errors: Counter<'code'>;
  private readonly duration: Histogram;

  constructor(metrics: MetricsService) {
    this.errors = new Counter({
      name: 'chat_send_errors_total',
      help: 'Sends refused or failed, by the error code the client was given',
      labelNames: ['code'] as const,
      registers: [metrics.registry],
    });
    // Every code from 0, so a rate() over an error that never happened is 0 rather than absent.
    for (const code of SOCKET_ERROR_CODES) this.errors.inc({ code }, 0);
    this.duration = new Histogram({
      name: 'chat_send_ack_seconds',
      help: 'A send from its arrival to its acknowledgement: limits, the group commit, the announcement',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [metrics.registry],
    });
  }

  /** `result` as it was, timed from `startedAt` (performance.now()) and counted if it fails. */
  track<T>(result: Promise<T>, startedAt: number): Promise<T> {
    return result.then(
      (value) => {
        this.duration.observe((performance.now() - startedAt) / 1000);
        return value;
      },
      (error: unknown) => {
        this.failed(error);
        throw error;
      },
    );
  }

  failed(error: unknown): void {
    this.errors.inc({ code: errorCodeOf(error) });
  }
}
