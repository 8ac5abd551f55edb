import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '../../config/app-config';
import { redisAdapter } from './redis-adapter';

/**
 * Socket.IO over the Redis adapter: a broadcast on any API instance reaches sockets held by
 * all of them, so instances behave as one server (the sharded adapter on a Redis Cluster).
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly adapter: ReturnType<typeof redisAdapter>;

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
    this.adapter = redisAdapter(config);
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
    server.adapter(this.adapter.factory);
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
    await this.adapter.close();
  }
}
