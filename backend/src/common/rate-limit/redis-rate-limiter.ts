import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { RedisClient } from '../redis/redis.module';

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
 * Several windows at once (one round trip): counts only when every one has room for the
 * attempt's cost, so a refused attempt consumes no quota. ARGV holds (limit, window ms, cost)
 * per key. Answers 0 and the TTL, or the 1-based index of the first full window and its TTL.
 */
const ALL_WINDOWS = `
for i, key in ipairs(KEYS) do
  local hits = tonumber(redis.call('GET', key) or '0')
  if hits + tonumber(ARGV[i * 3]) > tonumber(ARGV[i * 3 - 2]) then
    local ttl = redis.call('PTTL', key)
    if ttl < 0 then ttl = tonumber(ARGV[i * 3 - 1]) end
    return {i, ttl}
  end
end
for i, key in ipairs(KEYS) do
  local cost = tonumber(ARGV[i * 3])
  if redis.call('INCRBY', key, cost) == cost or redis.call('PTTL', key) < 0 then
    redis.call('PEXPIRE', key, ARGV[i * 3 - 1])
  end
end
return {0, 0}
`;

/** Gives back a cost in every window that still counts it (a window that expired has none). */
const UNHIT_WINDOWS = `
for i, key in ipairs(KEYS) do
  local hits = tonumber(redis.call('GET', key) or '0')
  if hits > 0 then redis.call('DECRBY', key, math.min(hits, tonumber(ARGV[i]))) end
end
return 0
`;

/** The scripts, loaded once per connection and then run by their hash (EVALSHA). */
interface LimiterCommands {
  rateLimitAll(numKeys: number, ...args: (string | number)[]): Promise<[number, number]>;
  rateUnhitAll(numKeys: number, ...args: (string | number)[]): Promise<number>;
}

export interface RateWindow {
  key: string;
  limit: number;
  windowMs: number;
  /** What one attempt counts (default 1): heavier work uses up a shared budget faster. */
  cost?: number;
}

/**
 * Every counter's key. A request counts in its address's and its account's windows in one
 * script, and Redis Cluster runs a script only on keys of one hash slot: the `{rl}` hash tag
 * keeps every counter in the same slot (one shard carries the limits; a few commands a request).
 */
export const rateKey = (key: string): string => `{rl}:${key}`;

/** Fixed-window counters in Redis, so a limit holds across every API instance. */
@Injectable()
export class RedisRateLimiter {
  private readonly commands: LimiterCommands;

  constructor(@Inject(Redis) private readonly redis: RedisClient) {
    redis.defineCommand('rateLimitAll', { lua: ALL_WINDOWS });
    redis.defineCommand('rateUnhitAll', { lua: UNHIT_WINDOWS });
    this.commands = redis as unknown as LimiterCommands;
  }

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    const [hits, ttl] = (await this.redis.eval(FIXED_WINDOW, 1, rateKey(key), windowMs)) as [
      number,
      number,
    ];
    return { hits, allowed: hits <= limit, resetInMs: ttl };
  }

  /** The hits in a window so far, without counting one; and when it resets. */
  async peek(key: string): Promise<{ hits: number; resetInMs: number }> {
    const [hits, ttl] = await Promise.all([
      this.redis.get(rateKey(key)),
      this.redis.pttl(rateKey(key)),
    ]);
    return { hits: Number(hits ?? 0), resetInMs: Math.max(0, ttl) };
  }

  /** Counts one hit in every window, or in none: the first full window is returned. */
  async hitAll(windows: RateWindow[]): Promise<{ refused: RateWindow; resetInMs: number } | null> {
    const [index, ttl] = await this.commands.rateLimitAll(
      windows.length,
      ...windows.map((w) => rateKey(w.key)),
      ...windows.flatMap((w) => [w.limit, w.windowMs, w.cost ?? 1]),
    );
    return index === 0 ? null : { refused: windows[index - 1], resetInMs: ttl };
  }

  /** Takes back a hit `hitAll` counted, for an attempt that turned out not to count. */
  async unhitAll(windows: RateWindow[]): Promise<void> {
    await this.commands.rateUnhitAll(
      windows.length,
      ...windows.map((w) => rateKey(w.key)),
      ...windows.map((w) => w.cost ?? 1),
    );
  }
}
