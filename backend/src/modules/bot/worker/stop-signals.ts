import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { createRedis, type RedisClient } from '../../../common/redis/redis.module';
import { AppConfig } from '../../../config/app-config';
import { STOP_CHANNEL, stopKey } from '../bots.service';

/** Delivers "stop this reply" from any API instance to the worker writing it. */
@Injectable()
export class StopSignals implements OnModuleInit, OnApplicationShutdown {
  private readonly active = new Map<string, AbortController>();
  private subscriber?: RedisClient;

  constructor(
    @Inject(Redis) private readonly redis: RedisClient,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.subscriber = createRedis(this.config, 'bot-stop-signals');
    this.subscriber.on('message', (_channel: string, messageId: string) =>
      this.active.get(messageId)?.abort(new ReplyStopped()),
    );
    // ioredis subscribes again by itself after a reconnect.
    await this.subscriber.subscribe(STOP_CHANNEL).catch(() => undefined);
  }

  /** Watches for a stop of this reply, including one asked before the job started. */
  async watch(messageId: string): Promise<AbortSignal> {
    const controller = new AbortController();
    this.active.set(messageId, controller);
    const asked = await this.redis.get(stopKey(messageId)).catch(() => null);
    if (asked) controller.abort(new ReplyStopped());
    return controller.signal;
  }

  unwatch(messageId: string): void {
    this.active.delete(messageId);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }
}

/** The person pressed Stop: what was written so far is the reply. */
export class ReplyStopped extends Error {
  constructor() {
    super('stopped');
  }
}
