import { Global, Module } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { RedisClient } from '../../common/redis/redis.module';
import { AppConfig } from '../../config/app-config';
import { ConversationEventFeed, NoConversationEventFeed } from './contract/conversation-event-feed';
import { RealtimePublisher } from './contract/realtime.publisher';
import { RedisEmitterPublisher } from './redis-emitter.publisher';
import { ShardedEmitterPublisher } from './sharded-emitter.publisher';

/**
 * `RealtimePublisher` for processes without a Socket.IO server (the worker, the CLI): the Redis
 * emitter, or on a Redis Cluster a socketless server on the sharded adapter. They follow no events.
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
    { provide: ConversationEventFeed, useClass: NoConversationEventFeed },
  ],
  exports: [RealtimePublisher, ConversationEventFeed],
})
export class RealtimeEmitterModule {}
