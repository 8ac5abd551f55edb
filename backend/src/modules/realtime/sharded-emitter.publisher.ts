import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Server } from 'socket.io';
import { AppConfig } from '../../config/app-config';
import type { ChatServer } from './chat-socket';
import { redisAdapter } from './redis-adapter';
import { SocketServerPublisher } from './socket-server.publisher';

/**
 * A worker's publisher on a Redis Cluster. `@socket.io/redis-emitter` speaks only the classic
 * adapter's protocol (PUBLISH), which the sharded adapter never hears; so the worker holds a
 * Socket.IO server with no sockets and no port, on the same sharded adapter as the API: its
 * broadcasts and room changes reach the API instances exactly as theirs reach each other.
 */
@Injectable()
export class ShardedEmitterPublisher
  extends SocketServerPublisher
  implements OnApplicationShutdown
{
  private readonly io: ChatServer;
  private readonly adapter: ReturnType<typeof redisAdapter>;

  constructor(config: AppConfig) {
    super();
    this.adapter = redisAdapter(config);
    this.io = new Server({ serveClient: false });
    this.io.adapter(this.adapter.factory);
    this.attach(this.io);
  }

  async onApplicationShutdown(): Promise<void> {
    // Closing the server closes its adapter, which unsubscribes its channels.
    await this.io.close().catch(() => undefined);
    await this.adapter.close();
  }
}
