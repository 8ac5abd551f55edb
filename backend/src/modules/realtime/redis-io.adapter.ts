import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { createRedis } from '../../common/redis/redis.module';
import type { AppConfig } from '../../config/app-config';

/**
 * Socket.IO over the Redis adapter: a broadcast on any API instance reaches sockets held by
 * all of them, so instances behave as one server.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly pub: Redis;
  private readonly sub: Redis;

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
    this.pub = createRedis(config.REDIS_URL, 'socket.io-pub');
    this.sub = createRedis(config.REDIS_URL, 'socket.io-sub');
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...(options as ServerOptions),
      path: '/socket.io',
      // Oversize frames are refused before parsing.
      maxHttpBufferSize: this.config.SOCKET_MAX_PAYLOAD_BYTES,
      // Off (the default, stated so it stays): a broadcast is then framed once for the whole
      // room (the adapter's pre-encoded WebSocket frame); with compression every socket would
      // deflate its own copy, and each connection holds a zlib context.
      perMessageDeflate: false,
      cors: this.config.CORS_ORIGIN
        ? { origin: this.config.CORS_ORIGIN.split(',').map((o) => o.trim()) }
        : undefined,
    });
    server.adapter(createAdapter(withSafePublish(this.pub), this.sub));
    return server;
  }

  /**
   * Nest calls this for every new socket, even for a gateway without @SubscribeMessage
   * handlers (ours binds its own listeners), and would keep an RxJS disconnect stream per
   * socket for nothing.
   */
  override bindMessageHandlers(
    ...args: Parameters<IoAdapter['bindMessageHandlers']>
  ): ReturnType<IoAdapter['bindMessageHandlers']> {
    if (args[1].length > 0) super.bindMessageHandlers(...args);
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.all([
      this.pub.quit().catch(() => undefined),
      this.sub.quit().catch(() => undefined),
    ]);
  }
}

/**
 * The adapter publishes without handling a failure; while Redis is away that would be an
 * unhandled rejection, which ends the process. Broadcasts are best effort (clients catch up by
 * `seq`), so a failed publish is dropped instead.
 */
function withSafePublish(redis: Redis): Redis {
  return new Proxy(redis, {
    get(target, property, receiver) {
      if (property === 'publish' || property === 'spublish') {
        return (...args: [string, string | Buffer]) => target[property](...args).catch(() => 0);
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}
