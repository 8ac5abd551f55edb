import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedis } from '../../../common/redis/redis.module';
import { AppConfig } from '../../../config/app-config';
import { CommittedMessages } from '../delivery/committed-messages';
import type { MessageDto } from '../dto/message.dto';
import { firstLinkOf, mayHaveLink } from './first-link';
import {
  LINK_PREVIEW_JOB,
  LINK_PREVIEW_JOB_OPTIONS,
  LINK_PREVIEWS_QUEUE,
  type LinkPreviewJob,
  linkPreviewJobId,
} from './link-preview.queue';

/** Jobs gathered on the send path go to Redis together, one addBulk per tick. */
const FLUSH_EVERY_MS = 150;

/**
 * Hands the links of new and edited text messages to the `link-previews` queue. Watching
 * committed messages costs the send path one `includes('://')` for a message without a link.
 */
@Injectable()
export class LinkPreviewProducer
  implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('LinkPreviews');
  private readonly connection: Redis;
  private readonly queue: Queue<LinkPreviewJob>;
  private pending: { job: LinkPreviewJob; jobId: string }[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly committed: CommittedMessages,
    config: AppConfig,
  ) {
    this.connection = createRedis(config.REDIS_URL, 'link-previews-producer');
    this.queue = new Queue<LinkPreviewJob>(LINK_PREVIEWS_QUEUE, { connection: this.connection });
    // Errors surface on the calls that fail; the queue's own event must not crash the process.
    this.queue.on('error', () => undefined);
  }

  onModuleInit(): void {
    this.committed.subscribe((message) => {
      if (message.kind === 'text' && mayHaveLink(message.body)) this.request(message);
    });
  }

  /** Previews the message's first link, if it has one (an edit: once the edit is stored). */
  request(message: MessageDto): void {
    const url = firstLinkOf(message.body);
    if (url === null) return;
    this.pending.push({
      job: { messageId: message.id, url },
      jobId: linkPreviewJobId(message.id, message.editedAt),
    });
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    await this.flush();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
    await this.connection.quit().catch(() => this.connection.disconnect());
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    try {
      await this.queue.addBulk(
        batch.map(({ job, jobId }) => ({
          name: LINK_PREVIEW_JOB,
          data: job,
          opts: { jobId, ...LINK_PREVIEW_JOB_OPTIONS },
        })),
      );
    } catch (error) {
      // A preview is a nicety: with Redis away these messages simply get none.
      this.logger.warn(`${batch.length} link previews not queued: ${String(error)}`);
    }
  }
}
