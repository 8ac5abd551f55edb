import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnModuleInit,
} from '@nestjs/common';
import { JobQueue } from '../../../common/jobs/job-queue';
import { JobName, type LinkPreviewJob } from '../../../common/jobs/job.types';
import { CommittedMessages } from '../delivery/committed-messages';
import type { MessageDto } from '../dto/message.dto';
import { firstLinkOf, mayHaveLink } from './first-link';

/** Jobs gathered on the send path go to Redis together, one addBulk per tick. */
const FLUSH_EVERY_MS = 150;

/**
 * Hands the links of new and edited text messages to the `link-previews` queue. Watching
 * committed messages costs the send path one `includes('://')` for a message without a link.
 */
@Injectable()
export class LinkPreviewProducer implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('LinkPreviews');
  private pending: LinkPreviewJob[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly committed: CommittedMessages,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.committed.subscribe((message) => {
      if (message.kind === 'text' && mayHaveLink(message.body)) this.request(message);
    });
  }

  /** Previews the message's first link, if it has one (an edit: once the edit is stored). */
  request(message: MessageDto): void {
    const url = firstLinkOf(message.body);
    if (url === null) return;
    this.pending.push({ messageId: message.id, url, editedAt: message.editedAt });
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
  }

  /** What is pending goes out while the job queue is still open (it closes after this). */
  async beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    await this.flush();
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    try {
      await this.jobs.addBulk(JobName.LinkPreview, batch);
    } catch (error) {
      // A preview is a nicety: with Redis away these messages simply get none.
      this.logger.warn(`${batch.length} link previews not queued: ${String(error)}`);
    }
  }
}
