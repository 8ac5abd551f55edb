import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { RedisRateLimiter } from './redis-rate-limiter';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { RequestLimitInterceptor } from './request-limit.interceptor';

@Global()
@Module({
  providers: [
    RedisRateLimiter,
    RedisThrottlerStorage,
    { provide: APP_INTERCEPTOR, useClass: RequestLimitInterceptor },
  ],
  exports: [RedisRateLimiter, RedisThrottlerStorage],
})
export class RateLimitModule {}
