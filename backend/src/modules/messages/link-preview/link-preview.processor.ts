import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { JobProcessor, type QueueProcessor } from '../../../common/jobs/job-processor';
import { type LinkPreviewJob, QueueName } from '../../../common/jobs/job.types';
import { OutboundRefusedError } from '../../../common/outbound/address-policy';
import { checkDestination } from '../../../common/outbound/outbound-gate';
import { configuredPolicy, type OutboundPolicy } from '../../../common/outbound/outbound-policy';
import { AppConfig } from '../../../config/app-config';
import { SocketEvent } from '../../realtime/contract/socket-event';
import { RealtimePublisher } from '../../realtime/contract/realtime.publisher';
import { MessagesService } from '../messages.service';
import { FetchSlots } from './fetch-slots';
import { firstLinkOf } from './first-link';
import type { LinkPreviewDto } from './link-preview.dto';
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
/** Fetches at once per site and per person: a slow site or a flood holds only these. */
const PER_HOST_AND_PERSON = 2;
/** A job whose site or person is at its share waits this long (plus jitter) and tries again. */
const WAIT_FOR_SLOT_MS = 500;

export type PreviewOutcome = 'attached' | 'none' | 'skipped';

/**
 * The worker side of `link-previews`: the page of a message's first link, from the cache or
 * fetched under the SSRF rules, stored on the message and announced as `message:updated`. A
 * link that cannot be previewed leaves the message as it is.
 */
@Injectable()
@JobProcessor(QueueName.LinkPreviews)
export class LinkPreviewProcessor
  implements QueueProcessor<QueueName.LinkPreviews>, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('LinkPreviews');
  readonly settings = { concurrency: CONCURRENCY };
  private readonly fetcher: PageFetcher;
  private readonly policy: OutboundPolicy;
  private readonly slots = new FetchSlots(PER_HOST_AND_PERSON);
  private pruneTimer?: NodeJS.Timeout;

  constructor(
    config: AppConfig,
    private readonly store: LinkPreviewsRepository,
    private readonly messages: MessagesService,
    private readonly realtime: RealtimePublisher,
  ) {
    this.policy = configuredPolicy(config, config.LINK_PREVIEW_ALLOW_PRIVATE);
    this.fetcher = new PageFetcher(DEFAULT_FETCH_LIMITS, this.policy);
  }

  onApplicationBootstrap(): void {
    this.pruneTimer = setInterval(() => void this.prune(), HOUR_MS).unref();
  }

  /** After the workers closed (before shutdown), so no job is left fetching. */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.pruneTimer);
    await this.fetcher.close();
  }

  onFailed(job: Job<LinkPreviewJob>, error: Error): Promise<void> {
    this.logger.warn(`preview for message ${job.data.messageId} failed: ${error.message}`);
    return Promise.resolve();
  }

  async handle(job: Job<LinkPreviewJob>, token: string | undefined): Promise<PreviewOutcome> {
    const { messageId, url } = job.data;
    const message = await this.store.message(messageId);
    // Deleted, or edited to another first link since it was queued: nothing to do.
    if (!message || message.kind !== 'text' || firstLinkOf(message.body) !== url) return 'skipped';
    let preview = await this.cachedPreview(url);
    if (preview === undefined) {
      const release = this.slots.tryTake([
        `host:${new URL(url).hostname}`,
        `person:${message.senderId}`,
      ]);
      if (!release) {
        // Not an attempt: the job steps aside, so others' previews use the free slots.
        await job.moveToDelayed(Date.now() + WAIT_FOR_SLOT_MS * (1 + Math.random()), token);
        throw new DelayedError();
      }
      try {
        preview = await this.fetchPreview(url);
      } finally {
        release();
      }
    }
    if (!preview || !(await this.store.attach(messageId, message.editedAt, preview))) return 'none';
    const [dto] = await this.messages.getMany([messageId]);
    if (dto) this.realtime.toConversation(dto.conversationId, SocketEvent.MessageUpdated, dto);
    return 'attached';
  }

  /** The remembered preview (null: the page had none), or undefined when it must be fetched. */
  private async cachedPreview(url: string): Promise<LinkPreviewDto | null | undefined> {
    const cached = await this.store.cached(url);
    if (!cached) return undefined;
    const age = Date.now() - cached.fetchedAt.getTime();
    return age < (cached.status === 'ready' ? READY_TTL_MS : FAILED_TTL_MS)
      ? cached.data
      : undefined;
  }

  private async fetchPreview(url: string): Promise<LinkPreviewDto | null> {
    let preview: LinkPreviewDto | null = null;
    try {
      const page = await this.fetcher.fetch(url);
      preview = await parsePreview(url, page.html, page.url);
      if (preview?.imageUrl && !(await this.reachable(preview.imageUrl))) {
        preview = { ...preview, imageUrl: null };
      }
    } catch (error) {
      const why = error instanceof OutboundRefusedError ? 'refused' : 'failed';
      this.logger.debug(`no preview for ${url}: ${why}, ${(error as Error).message}`);
    }
    await this.store.remember(url, preview);
    return preview;
  }

  /**
   * An image people's browsers (and any proxy of ours) will load: only one the outbound gate
   * would fetch, so a page cannot plant an internal address in every reader's client.
   */
  private async reachable(imageUrl: string): Promise<boolean> {
    try {
      await checkDestination(new URL(imageUrl), this.policy);
      return true;
    } catch {
      return false;
    }
  }

  private async prune(): Promise<void> {
    await this.store.prune(new Date(Date.now() - READY_TTL_MS)).catch(() => undefined);
  }
}
