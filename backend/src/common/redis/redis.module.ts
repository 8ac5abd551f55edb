import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';
import { AppConfig } from '../../config/app-config';

/** A standalone Redis or a Redis Cluster: both speak the commands this app uses. */
export type RedisClient = Redis | Cluster;

/** What a connection needs to know: the URL (seed nodes in a cluster) and which kind. */
export type RedisSettings = Pick<AppConfig, 'REDIS_URL' | 'REDIS_CLUSTER'>;

/**
 * A connection that fails commands fast while Redis is away instead of queueing them
 * unboundedly, keeps reconnecting in the background, and logs each outage once.
 * `options` override the defaults (BullMQ's workers wait out an outage instead);
 * `cluster` are extra Cluster options (the sharded subscriber of the Socket.IO adapter).
 */
export function createRedis(
  settings: RedisSettings,
  name: string,
  options: RedisOptions = {},
  cluster: ClusterOptions = {},
): RedisClient {
  const logger = new Logger('Redis');
  const redisOptions: RedisOptions = { maxRetriesPerRequest: 1, connectionName: name, ...options };
  const redis = settings.REDIS_CLUSTER
    ? clusterClient(settings.REDIS_URL, redisOptions, cluster)
    : new Redis(settings.REDIS_URL, redisOptions);
  let down = false;
  redis.on('error', (error: Error) => {
    // A cluster's sharded subscribers report their own closing as an error: not an outage.
    if (down || redis.status === 'disconnecting' || redis.status === 'end') return;
    down = true;
    logger.warn(`${name}: Redis unavailable (${error.message}); reconnecting`);
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.log(`${name}: Redis connection restored`);
  });
  return redis;
}

/**
 * A Redis Cluster client from comma-separated seed URLs: it discovers the other nodes itself.
 * Credentials and TLS (`rediss://`) come from the first URL and apply to every node.
 */
function clusterClient(urls: string, redisOptions: RedisOptions, cluster: ClusterOptions): Cluster {
  const seeds = urls.split(',').map((u) => new URL(u.trim()));
  const first = seeds[0];
  return new Cluster(
    seeds.map((u) => ({ host: u.hostname, port: Number(u.port || 6379) })),
    {
      ...cluster,
      redisOptions: {
        ...redisOptions,
        username: first.username ? decodeURIComponent(first.username) : undefined,
        password: first.password ? decodeURIComponent(first.password) : undefined,
        tls: first.protocol === 'rediss:' ? {} : undefined,
      },
    },
  );
}

/** The shared connection for commands (rate limits, presence, caches), under the `Redis` token. */
@Global()
@Module({
  providers: [
    {
      provide: Redis,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => createRedis(config, 'chat-api'),
    },
  ],
  exports: [Redis],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(Redis) private readonly redis: RedisClient) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
