import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';

export interface RateLimitResult {
  /** Hits in the current window, this one included. */
  hits: number;
  allowed: boolean;
  /** Milliseconds until the window resets. */
  resetInMs: number;
}

/** INCR then set the window's expiry on the first hit, atomically. */
const FIXED_WINDOW = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {hits, ttl}
`;

/**
 * Fixed-window counters in Redis, so a limit holds across every API instance.
 * Keys are namespaced under `rl:`.
 */
@Injectable()
export class RedisRateLimiter {
  constructor(@Inject(Redis) private readonly redis: Redis) {}

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    const [hits, ttl] = (await this.redis.eval(FIXED_WINDOW, 1, `rl:${key}`, windowMs)) as [
      number,
      number,
    ];
    return { hits, allowed: hits <= limit, resetInMs: ttl };
  }
}
