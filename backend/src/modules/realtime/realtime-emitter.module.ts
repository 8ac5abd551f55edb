import { Global, Module } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { RedisClient } from '../../common/redis/redis.module';
import { AppConfig } from '../../config/app-config';
import { RealtimePublisher } from './contract/realtime.publisher';
import { RedisEmitterPublisher } from './redis-emitter.publisher';
import { ShardedEmitterPublisher } from './sharded-emitter.publisher';

/**
 * `RealtimePublisher` for processes without a Socket.IO server (the worker, the CLI): the Redis
 * emitter, or on a Redis Cluster a socketless server on the sharded adapter.
 */
@Global()
@Module({
  providers: [
    {
      provide: RealtimePublisher,
      inject: [AppConfig, Redis],
      useFactory: (config: AppConfig, redis: RedisClient): RealtimePublisher =>
        config.REDIS_CLUSTER
          ? new ShardedEmitterPublisher(config)
          : new RedisEmitterPublisher(redis),
    },
  ],
  exports: [RealtimePublisher],
})
export class RealtimeEmitterModule {}
