import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config';
import type { RedisClient } from '../../common/redis/redis.module';

/** The first delay once the free failures are used up; each further failure doubles it. */
const BASE_DELAY_MS = 1_000;
/** A pair's failures are forgotten this long after its last one. */
const MEMORY_MS = 60 * 60_000;

/**
 * May this attempt go ahead? Refuses (answering the wait in ms) while the pair's delay runs;
 * once the free failures are spent, an allowed attempt claims the delay at once, so attempts
 * sent together cannot all slip through before the first failure is recorded.
 * KEYS[1] the pair's hash {n, until}; ARGV: now, free failures, base ms, max ms, memory ms.
 */
const ATTEMPT = `
local until_ = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
local now = tonumber(ARGV[1])
if now < until_ then return until_ - now end
local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
local free = tonumber(ARGV[2])
if n >= free then
  local delay = math.min(tonumber(ARGV[4]), tonumber(ARGV[3]) * 2 ^ (n - free))
  redis.call('HSET', KEYS[1], 'until', now + delay)
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
end
return 0
`;

/** Records a failure: past the free ones, the next attempt waits twice as long as the last. */
const FAILED = `
local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
local free = tonumber(ARGV[2])
if n >= free then
  local delay = math.min(tonumber(ARGV[4]), tonumber(ARGV[3]) * 2 ^ (n - free))
  local until_ = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
  redis.call('HSET', KEYS[1], 'until', math.max(until_, tonumber(ARGV[1]) + delay))
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return n
`;

interface DelayCommands {
  signInAttempt(key: string, ...args: number[]): Promise<number>;
  signInFailed(key: string, ...args: number[]): Promise<number>;
}

/**
 * Slows password guessing per username and client address: a few failures are free, then
 * each one doubles the wait before that pair may try again (up to LOGIN_DELAY_MAX_SECONDS).
 * Nothing is counted per username alone, so an attacker can never lock the owner out: their
 * correct password from their own address always gets through. Counters live in Redis, so
 * the delay holds across instances.
 */
@Injectable()
export class SignInDelays {
  private readonly commands: DelayCommands;

  constructor(
    @Inject(Redis) private readonly redis: RedisClient,
    private readonly config: AppConfig,
  ) {
    redis.defineCommand('signInAttempt', { numberOfKeys: 1, lua: ATTEMPT });
    redis.defineCommand('signInFailed', { numberOfKeys: 1, lua: FAILED });
    this.commands = redis as unknown as DelayCommands;
  }

  /** 0 when the attempt may go ahead, else the milliseconds to wait. */
  attempt(username: string, ip: string | null): Promise<number> {
    return this.commands.signInAttempt(this.key(username, ip), ...this.args());
  }

  async failed(username: string, ip: string | null): Promise<void> {
    await this.commands.signInFailed(this.key(username, ip), ...this.args());
  }

  /** A correct password clears the pair's failures. */
  async succeeded(username: string, ip: string | null): Promise<void> {
    await this.redis.del(this.key(username, ip));
  }

  private key(username: string, ip: string | null): string {
    return `sign-in-failures:${username.toLowerCase()}:${ip ?? 'unknown'}`;
  }

  private args(): number[] {
    return [
      Date.now(),
      this.config.LOGIN_FAILURES_BEFORE_DELAY,
      BASE_DELAY_MS,
      this.config.LOGIN_DELAY_MAX_SECONDS * 1000,
      MEMORY_MS,
    ];
  }
}
