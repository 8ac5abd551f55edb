import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../../../config/app-config';
import type { RedisClient } from '../../../common/redis/redis.module';

/**
 * Take a slot unless the person already has `limit` replies in progress. Slots expire on their
 * own (a crashed worker never releases), and a job that holds one keeps it across retries.
 */
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[3]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  return 1
end
return 0
`;

/** Replies in progress per person, shared by every worker. */
@Injectable()
export class InFlightLimiter {
  constructor(
    @Inject(Redis) private readonly redis: RedisClient,
    private readonly config: AppConfig,
  ) {}

  async acquire(userId: string, jobId: string): Promise<boolean> {
    const now = Date.now();
    const ttl = this.config.BOT_REPLY_TIMEOUT_MS + this.config.BOT_JOB_LOCK_MS;
    const taken = await this.redis.eval(
      ACQUIRE,
      1,
      this.key(userId),
      now,
      this.config.BOT_MAX_IN_FLIGHT_PER_USER,
      jobId,
      now + ttl,
      ttl,
    );
    return taken === 1;
  }

  async release(userId: string, jobId: string): Promise<void> {
    await this.redis.zrem(this.key(userId), jobId).catch(() => undefined);
  }

  private key(userId: string): string {
    return `bot:in-flight:${userId}`;
  }
}
