import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import type { Server } from 'socket.io';
import { createRedis, type RedisClient, type RedisSettings } from '../../common/redis/redis.module';

/**
 * The Socket.IO Redis adapter on its own two connections: the classic adapter (PUBLISH to every
 * instance) on a standalone Redis; on a Redis Cluster the sharded adapter (Redis 7 `SPUBLISH`),
 * where a room's broadcast goes to its own channel, in one shard, and reaches only the instances
 * with sockets in that room.
 */
export function redisAdapter(settings: RedisSettings): {
  factory: AdapterFactory;
  close(): Promise<void>;
} {
  const pub = createRedis(settings, 'socket.io-pub');
  // A cluster's subscriber holds one connection per shard for its SSUBSCRIBE channels.
  const sub = createRedis(settings, 'socket.io-sub', {}, { shardedSubscribers: true });
  const factory: AdapterFactory = settings.REDIS_CLUSTER
    ? createShardedAdapter(withSafePublish(pub), sub)
    : createAdapter(withSafePublish(pub), sub);
  return {
    factory,
    close: async () => {
      await Promise.all([pub.quit().catch(() => undefined), sub.quit().catch(() => undefined)]);
    },
  };
}

/** What `Server.adapter()` takes. */
export type AdapterFactory = Parameters<Server['adapter']>[0];

/**
 * The adapter publishes without handling a failure; while Redis is away that would be an
 * unhandled rejection, which ends the process. Broadcasts are best effort (clients catch up by
 * `seq`), so a failed publish is dropped instead.
 */
function withSafePublish(redis: RedisClient): RedisClient {
  return new Proxy(redis, {
    get(target, property, receiver) {
      if (property === 'publish' || property === 'spublish') {
        return (...args: [string, string | Buffer]) => target[property](...args).catch(() => 0);
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}
