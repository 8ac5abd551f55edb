import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import { SocketEvent } from '../../realtime/contract/socket-event';
import { RealtimePublisher } from '../../realtime/contract/realtime.publisher';
import { MessagesService } from '../messages.service';
import { DeliveryOutboxRepository, type OwedDelivery } from './delivery-outbox.repository';
import type { RedisClient } from '../../../common/redis/redis.module';

const RELAY_EVERY_MS = 500;
/** The committing instance settles within ~100 ms; a row this old was left behind. */
const OVERDUE_AFTER_MS = 1_000;
const RELAY_BATCH = 500;

/**
 * No silent tail: runs on every API instance and announces messages whose committing process
 * died (or lost Redis) between commit and publish, so connected members get them within about
 * 1.5 s. A transactional outbox rather than "clients poll": members stay push-only, and the
 * send path pays one trigger insert and a batched delete.
 */
@Injectable()
export class DeliveryRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DeliveryRelay');
  private timer?: NodeJS.Timeout;
  private running = false;
  private warned = false;

  constructor(
    private readonly outbox: DeliveryOutboxRepository,
    private readonly messages: MessagesService,
    private readonly realtime: RealtimePublisher,
    @Inject(Redis) private readonly redis: RedisClient,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.relay(), RELAY_EVERY_MS);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async relay(): Promise<void> {
    // Publishing while Redis is away would drop the events and still delete the rows.
    if (this.running || this.redis.status !== 'ready') return;
    this.running = true;
    try {
      let relayed: number;
      do {
        relayed = await this.outbox.relayOverdue(OVERDUE_AFTER_MS, RELAY_BATCH, (owed) =>
          this.publish(owed),
        );
      } while (relayed === RELAY_BATCH);
      this.warned = false;
    } catch (error) {
      // Postgres is away: the rows stay owed and the next tick tries again.
      if (!this.warned) this.logger.warn(`cannot relay owed messages (${String(error)}); retrying`);
      this.warned = true;
    } finally {
      this.running = false;
    }
  }

  private async publish(owed: OwedDelivery[]): Promise<void> {
    // Current state of each message (a tombstone if deleted since); gone ones are skipped.
    const messages = await this.messages.getMany(owed.map((o) => o.messageId));
    messages.sort((a, b) => a.seq - b.seq);
    for (const message of messages) {
      this.realtime.toConversation(message.conversationId, SocketEvent.MessageNew, message);
    }
    if (messages.length > 0) {
      this.logger.log(`announced ${messages.length} message(s) their instance left unannounced`);
    }
  }
}
