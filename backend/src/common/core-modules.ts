import type { DynamicModule, Type } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { HealthModule } from '../modules/health/health.module';
import { MetricsModule } from '../modules/metrics/metrics.module';
import { EncryptionModule } from './encryption/encryption.module';
import { JobsModule } from './jobs/jobs.module';
import { loggerModule } from './logger.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RedisModule } from './redis/redis.module';

/** What every process (API and worker) runs on: config, logs, encryption keys, Postgres, Redis, jobs, limits, ops. */
export function coreModules(config: AppConfig): (DynamicModule | Type)[] {
  return [
    ConfigModule.forRoot(config),
    loggerModule(config),
    EncryptionModule,
    DatabaseModule,
    RedisModule,
    JobsModule,
    RateLimitModule,
    MetricsModule,
    HealthModule,
  ];
}
