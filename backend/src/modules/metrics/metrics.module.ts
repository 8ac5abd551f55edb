import { Global, Module } from '@nestjs/common';
import { MetricsService } from './metrics.service';

/** Metrics are read on the operations port (see health/ops-server.ts), never on the API port. */
@Global()
@Module({
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
