import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Counter } from 'prom-client';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import type { ChatServer } from './chat-socket';

/** How often every connection's outbound backlog is measured. */
const CHECK_INTERVAL_MS = 1_000;
/** WebSocket close code 1008 (policy violation), with this reason, for a client that resumes. */
const CLOSE_CODE = 1008;
export const SLOW_CONSUMER_REASON = 'slow consumer';

/** The parts of an Engine.IO connection the backlog is measured on (internals, read only). */
interface EngineConnection {
  readyState: string;
  writeBuffer?: { data?: unknown }[];
  transport?: {
    name?: string;
    socket?: { bufferedAmount?: number; close?(code: number, reason: string): void };
  };
  close(discard?: boolean): void;
}

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (Buffer.isBuffer(data) || data instanceof ArrayBuffer) return data.byteLength;
  return 0;
}

/**
 * Bytes waiting on the server for this connection: what the WebSocket has not yet handed to the
 * kernel (`bufferedAmount`) plus the packets Engine.IO holds until that write completes. A
 * client that stops reading leaves both growing with every event of its rooms.
 */
export function backlogOf(connection: EngineConnection): number {
  let bytes = connection.transport?.socket?.bufferedAmount ?? 0;
  for (const packet of connection.writeBuffer ?? []) bytes += sizeOf(packet.data);
  return bytes;
}

/**
 * Drops sockets whose outbound backlog passes `SOCKET_MAX_BUFFERED_BYTES` (a client that
 * stopped reading, a phone on a dead link until the ping timeout): without it each one holds
 * every event of its rooms in this process's memory. Socket.IO's `maxHttpBufferSize` bounds
 * only what comes in. The client sees its connection close (WebSocket 1008 "slow consumer"
 * once it reads again; Socket.IO's reason "transport close"), reconnects and catches up by
 * `afterSeq` as after any drop.
 */
@Injectable()
export class SlowConsumers implements OnApplicationShutdown {
  private readonly logger = new Logger('SlowConsumers');
  private readonly dropped: Counter;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.dropped = new Counter({
      name: 'chat_slow_consumers_dropped_total',
      help: 'Sockets dropped because their outbound backlog passed SOCKET_MAX_BUFFERED_BYTES',
      registers: [metrics.registry],
    });
  }

  watch(server: ChatServer): void {
    this.timer = setInterval(() => this.sweep(server), CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private sweep(server: ChatServer): void {
    const limit = this.config.SOCKET_MAX_BUFFERED_BYTES;
    for (const socket of server.sockets.sockets.values()) {
      const connection = socket.conn as unknown as EngineConnection;
      if (connection.readyState !== 'open') continue;
      const backlog = backlogOf(connection);
      if (backlog <= limit) continue;
      this.dropped.inc();
      this.logger.warn(
        `dropped a socket of user ${socket.data.user.id}: ${backlog} bytes waiting (limit ${limit})`,
      );
      // The queued packets go first, so closing does not wait for a drain that never comes;
      // the close frame with the reason follows what the kernel already holds.
      connection.writeBuffer?.splice(0);
      connection.transport?.socket?.close?.(CLOSE_CODE, SLOW_CONSUMER_REASON);
      connection.close(true);
    }
  }
}
