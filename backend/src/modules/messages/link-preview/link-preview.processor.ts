import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { AppConfig } from '../../../config/app-config';
import { SocketEvent } from '../../realtime/contract/socket-event';
import { RealtimePublisher } from '../../realtime/contract/realtime.publisher';
import { MessagesService } from '../messages.service';
import { LinkRefusedError } from './address-policy';
import { firstLinkOf } from './first-link';
import type { LinkPreviewDto } from './link-preview.dto';
import { LINK_PREVIEWS_QUEUE, type LinkPreviewJob } from './link-preview.queue';
import { LinkPreviewsRepository } from './link-previews.repository';
import { DEFAULT_FETCH_LIMITS, PageFetcher } from './page-fetcher';
import { parsePreview } from './preview-parser';

const HOUR_MS = 3_600_000;
/** A page's preview is reused this long... */
const READY_TTL_MS = 24 * HOUR_MS;
/** ...and a page that failed is not asked again for this long. */
const FAILED_TTL_MS = 10 * 60_000;
/** Previews fetched at once by one worker process (they wait on the network). */
const CONCURRENCY = 8;

export type PreviewOutcome = 'attached' | 'none' | 'skipped';

/**
 * The worker side of `link-previews`: the page of a message's first link, from the cache or
 * fetched under the SSRF rules, stored on the message and announced as `message:updated`. A
 * link that cannot be previewed leaves the message as it is.
 */
@Injectable()
export class LinkPreviewProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LinkPreviews');
  private readonly fetcher: PageFetcher;
  private worker?: Worker<LinkPreviewJob>;
  private connection?: Redis;
  private pruneTimer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly store: LinkPreviewsRepository,
    private readonly messages: MessagesService,
    private readonly realtime: RealtimePublisher,
  ) {
    this.fetcher = new PageFetcher({
      ...DEFAULT_FETCH_LIMITS,
      allowPrivate: config.LINK_PREVIEW_ALLOW_PRIVATE,
    });
  }

  onApplicationBootstrap(): void {
    // Blocking commands must wait out a Redis outage instead of failing (BullMQ's requirement).
    this.connection = new Redis(this.config.REDIS_URL, {
      maxRetriesPerRequest: null,
      connectionName: 'link-previews-worker',
    });
    this.connection.on('error', () => undefined);
    this.worker = new Worker<LinkPreviewJob>(LINK_PREVIEWS_QUEUE, (job) => this.process(job), {
      connection: this.connection,
      concurrency: CONCURRENCY,
    });
    this.worker.on('error', () => undefined);
    this.worker.on('failed', (job, error) =>
      this.logger.warn(`preview for message ${job?.data.messageId} failed: ${error.message}`),
    );
    this.pruneTimer = setInterval(() => void this.prune(), HOUR_MS).unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.pruneTimer);
    await this.worker?.close();
    await this.fetcher.close();
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }

  async process(job: Job<LinkPreviewJob>): Promise<PreviewOutcome> {
    const { messageId, url } = job.data;
    const message = await this.store.message(messageId);
    // Deleted, or edited to another first link since it was queued: nothing to do.
    if (!message || message.kind !== 'text' || firstLinkOf(message.body) !== url) return 'skipped';
    const preview = await this.previewOf(url);
    if (!preview || !(await this.store.attach(messageId, message.editedAt, preview))) return 'none';
    const [dto] = await this.messages.getMany([messageId]);
    if (dto) this.realtime.toConversation(dto.conversationId, SocketEvent.MessageUpdated, dto);
    return 'attached';
  }

  private async previewOf(url: string): Promise<LinkPreviewDto | null> {
    const cached = await this.store.cached(url);
    if (cached) {
      const age = Date.now() - cached.fetchedAt.getTime();
      if (age < (cached.status === 'ready' ? READY_TTL_MS : FAILED_TTL_MS)) {
        return cached.data;
      }
    }
    let preview: LinkPreviewDto | null = null;
    try {
      const page = await this.fetcher.fetch(url);
      preview = await parsePreview(url, page.html, page.url);
    } catch (error) {
      const why = error instanceof LinkRefusedError ? 'refused' : 'failed';
      this.logger.debug(`no preview for ${url}: ${why}, ${(error as Error).message}`);
    }
    await this.store.remember(url, preview);
    return preview;
  }

  private async prune(): Promise<void> {
    await this.store.prune(new Date(Date.now() - READY_TTL_MS)).catch(() => undefined);
  }
}
