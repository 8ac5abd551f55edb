import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DependencyUpMetric } from './dependency-up.metric';
import { HealthController } from './health.controller';
import { RecentFailuresIndicator } from './recent-failures.health';
import { RedisHealthIndicator } from './redis.health';

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [RedisHealthIndicator, RecentFailuresIndicator, DependencyUpMetric],
})
export class HealthModule {}
