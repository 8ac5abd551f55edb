import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../../../config/app-config';
import type { BotPrompt } from '../brains/bot-brain';
import { BotMetrics } from './bot-metrics';
import type { RedisClient } from '../../../common/redis/redis.module';

/**
 * Replies of deterministic bots, keyed by bot and everything the bot saw, so a repeated
 * question is answered from Redis. Only workers read and write it, never a request.
 */
@Injectable()
export class ReplyCache {
  constructor(
    @Inject(Redis) private readonly redis: RedisClient,
    private readonly config: AppConfig,
    private readonly metrics: BotMetrics,
  ) {}

  get enabled(): boolean {
    return this.config.BOT_REPLY_CACHE_TTL_SECONDS > 0;
  }

  key(provider: string, prompt: BotPrompt): string {
    const seen = prompt.turns.map((t) => [t.role, t.fromRequester, t.text]);
    const hash = createHash('sha256').update(JSON.stringify(seen)).digest('base64url');
    return `bot:reply-cache:v1:${provider}:${hash}`;
  }

  async get(key: string): Promise<string | null> {
    // A cache that cannot be read is a miss, never a failed reply.
    const hit = await this.redis.get(key).catch(() => null);
    this.metrics.cache.inc({ result: hit === null ? 'miss' : 'hit' });
    return hit;
  }

  async set(key: string, reply: string): Promise<void> {
    await this.redis
      .set(key, reply, 'EX', this.config.BOT_REPLY_CACHE_TTL_SECONDS)
      .catch(() => undefined);
  }
}
