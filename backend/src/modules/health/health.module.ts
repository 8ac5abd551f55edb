import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DependencyFailuresMetric } from './dependency-failures.metric';
import { DependencyUpMetric } from './dependency-up.metric';
import { HealthController } from './health.controller';
import { RecentFailuresIndicator } from './recent-failures.health';
import { RedisHealthIndicator } from './redis.health';

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [
    RedisHealthIndicator,
    RecentFailuresIndicator,
    DependencyUpMetric,
    DependencyFailuresMetric,
  ],
})
export class HealthModule {}
