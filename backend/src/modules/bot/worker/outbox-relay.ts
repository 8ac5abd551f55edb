import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Client } from 'pg';
import { withTraceparent } from '../../../common/telemetry/spans';
import { AppConfig } from '../../../config/app-config';
import { BotRepliesProducer } from '../bot-replies.producer';
import type { BotReplyJob } from '../../../common/jobs/job.types';
import { BotsService } from '../bots.service';

/** The channel the messages trigger notifies on commit (src/database/sql/request_bot_replies.sql). */
const CHANNEL = 'bot_replies';
const SWEEP_BATCH = 500;
/** A row this old was surely notified already: if it is still owed, the hand-off was missed. */
const SWEEP_AGE_MS = 2_000;
const MAX_RECONNECT_MS = 10_000;

/**
 * Moves owed replies from the database outbox to the queue: at once on each NOTIFY, and by a
 * periodic sweep that catches whatever a notification missed (no worker listening, Redis
 * away, a process killed in between). Enqueueing is idempotent, so overlap is harmless.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('BotOutbox');
  private client?: Client;
  private sweepTimer?: NodeJS.Timeout;
  private reconnectTimer?: NodeJS.Timeout;
  private reconnectDelay = 500;
  private closed = false;
  private warned = false;

  constructor(
    private readonly config: AppConfig,
    private readonly bots: BotsService,
    private readonly producer: BotRepliesProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    this.sweepTimer = setInterval(
      () => void this.sweep(SWEEP_AGE_MS),
      this.config.BOT_OUTBOX_SWEEP_MS,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweepTimer);
    clearTimeout(this.reconnectTimer);
    await this.client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    // LISTEN is session state: never through a transaction-pooling PgBouncer.
    const client = new Client({
      connectionString: this.config.DATABASE_DIRECT_URL ?? this.config.DATABASE_URL,
    });
    client.on('notification', (note) => {
      const [triggerMessageId, botId, traceparent] = (note.payload ?? '').split(',');
      // The job continues the trace of the send that asked for it (when tracing is on).
      if (triggerMessageId && botId) {
        void withTraceparent(traceparent, () => this.handOff({ triggerMessageId, botId }));
      }
    });
    client.on('error', () => this.retryListen(client));
    client.on('end', () => this.retryListen(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.client = client;
      this.reconnectDelay = 500;
      // Whatever was committed while nobody listened.
      await this.sweep(0);
    } catch (error) {
      this.warnOnce(`cannot listen for bot replies (${String(error)}); retrying`);
      this.retryListen(client);
    }
  }

  private retryListen(client: Client): void {
    if (this.closed || this.reconnectTimer || (this.client && this.client !== client)) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.listen();
    }, this.reconnectDelay);
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, MAX_RECONNECT_MS);
  }

  private async sweep(olderThanMs: number): Promise<void> {
    try {
      const owed = await this.bots.overdue(olderThanMs, SWEEP_BATCH);
      for (const reply of owed) await this.handOff(reply, true);
    } catch (error) {
      this.warnOnce(`outbox sweep failed (${String(error)}); retrying`);
    }
  }

  /** `swept`: still owed after a while, so a job that failed is run again too. */
  private async handOff(reply: BotReplyJob, swept = false): Promise<void> {
    try {
      await (swept ? this.producer.enqueueOwed(reply) : this.producer.enqueue(reply));
      this.warned = false;
    } catch (error) {
      // Still owed in the outbox: the next sweep tries again.
      this.warnOnce(`cannot enqueue a bot reply (${String(error)}); the sweep will retry`);
    }
  }

  private warnOnce(message: string): void {
    if (this.warned) return;
    this.warned = true;
    this.logger.warn(message);
  }
}
