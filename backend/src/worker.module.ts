import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from './config/app-config';
import { loggerModule } from './common/logger.module';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { RedisModule } from './common/redis/redis.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { BotWorkerModule } from './modules/bot/worker/bot-worker.module';
import { HealthModule } from './modules/health/health.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { RealtimeEmitterModule } from './modules/realtime/realtime-emitter.module';

/**
 * The worker process: bot replies from the queue, events through the Redis emitter, and only
 * /health, /health/ready and /metrics over HTTP, on its own port.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        loggerModule(config),
        DatabaseModule,
        RedisModule,
        RateLimitModule,
        MetricsModule,
        HealthModule,
        RealtimeEmitterModule,
        BotWorkerModule,
      ],
    };
  }
}
