import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { Counter } from 'prom-client';
import { AppConfig } from '../../../config/app-config';
import { MetricsService } from '../../metrics/metrics.service';
import { SocketEvent } from '../../realtime/contract/socket-event';
import { RealtimePublisher } from '../../realtime/contract/realtime.publisher';
import type { MessageDto } from '../dto/message.dto';
import { CommittedMessages } from './committed-messages';
import { DeliveryOutboxRepository } from './delivery-outbox.repository';
import type { RedisClient } from '../../../common/redis/redis.module';

/** Announced messages are settled in the outbox together, one statement per tick. */
const SETTLE_EVERY_MS = 100;
const SETTLE_BATCH = 1000;

/**
 * Announces a committed message (`message:new` to its conversation) and settles its delivery
 * outbox row afterwards. Settling is batched off the send path: a row left unsettled (the
 * process died, or the DELETE failed) is only announced a second time by the relay, which
 * clients drop because they dedupe by `seq`.
 */
@Injectable()
export class MessageAnnouncer implements BeforeApplicationShutdown {
  private pending: string[] = [];
  private timer?: NodeJS.Timeout;
  /** The test-only fault: die between commit and publish (the relay must still deliver). */
  private readonly exitAfterCommit: boolean;
  private readonly stored: Counter<'kind'>;

  constructor(
    private readonly realtime: RealtimePublisher,
    private readonly outbox: DeliveryOutboxRepository,
    @Inject(Redis) private readonly redis: RedisClient,
    private readonly committed: CommittedMessages,
    config: AppConfig,
    metrics: MetricsService,
  ) {
    this.exitAfterCommit = config.FAULT_INJECTION === 'exit-after-commit';
    this.stored = new Counter({
      name: 'chat_messages_total',
      help: 'Messages stored and announced by this process, by kind (text, system, bot)',
      labelNames: ['kind'] as const,
      registers: [metrics.registry],
    });
    for (const kind of ['text', 'system', 'bot']) this.stored.inc({ kind }, 0);
  }

  /** Call right after the message's transaction committed. */
  announce(message: MessageDto): void {
    if (this.exitAfterCommit) process.kill(process.pid, 'SIGKILL');
    this.realtime.toConversation(message.conversationId, SocketEvent.MessageNew, message);
    this.stored.inc({ kind: message.kind });
    this.committed.publish(message);
    // With Redis away the publish was dropped: the row stays for the relay, which announces the
    // message once Redis is back.
    if (this.redis.status !== 'ready') return;
    this.pending.push(message.id);
    this.timer ??= setTimeout(() => void this.settle(), SETTLE_EVERY_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    while (this.pending.length > 0) await this.settle();
  }

  private async settle(): Promise<void> {
    this.timer = undefined;
    const batch = this.pending.splice(0, SETTLE_BATCH);
    try {
      await this.outbox.settle(batch);
    } catch {
      // Postgres is away: the relay announces these once more later, which is harmless.
    }
    if (this.pending.length > 0)
      this.timer ??= setTimeout(() => void this.settle(), SETTLE_EVERY_MS);
  }
}
