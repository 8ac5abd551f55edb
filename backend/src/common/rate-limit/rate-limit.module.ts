import { Global, Module } from '@nestjs/common';
import { RedisRateLimiter } from './redis-rate-limiter';
import { RedisThrottlerStorage } from './redis-throttler.storage';

@Global()
@Module({
  providers: [RedisRateLimiter, RedisThrottlerStorage],
  exports: [RedisRateLimiter, RedisThrottlerStorage],
})
export class RateLimitModule {}
