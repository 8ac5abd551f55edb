import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { RedisRateLimiter } from './redis-rate-limiter';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** Lets @nestjs/throttler count in Redis (shared by all instances) instead of in memory. */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly limiter: RedisRateLimiter) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const result = await this.limiter.hit(`throttle:${throttlerName}:${key}`, limit, ttl);
    const seconds = Math.max(1, Math.ceil(result.resetInMs / 1000));
    return {
      totalHits: result.hits,
      timeToExpire: seconds,
      isBlocked: !result.allowed,
      timeToBlockExpire: result.allowed ? 0 : seconds,
    };
  }
}
