import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnModuleInit,
} from '@nestjs/common';
import { JobQueue } from '../../common/jobs/job-queue';
import { JobName, type PushMessage } from '../../common/jobs/job.types';
import { AppConfig } from '../../config/app-config';
import { CommittedMessages } from '../messages/delivery/committed-messages';
import type { MessageDto } from '../messages/dto/message.dto';
import { pushExcerpt } from './push-excerpt';

/** Committed messages are gathered this long, then handed to the queue in one call. */
const TICK_MS = 150;
/** Messages per job: bounds a job's size at high send rates. */
const MESSAGES_PER_JOB = 500;

/**
 * Hands committed messages to the push workers off the send path: the listener only buffers;
 * one `addBulk` per tick enqueues them. Nothing at all happens when VAPID is not configured.
 */
@Injectable()
export class PushNotificationsProducer implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('Push');
  private buffer: MessageDto[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly committed: CommittedMessages,
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    if (!this.config.pushEnabled) return;
    this.committed.subscribe((message) => this.take(message));
  }

  /** What is buffered goes out while the job queue is still open (it closes after this). */
  async beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    await this.flush();
  }

  /**
   * On the send path: keeps the message and nothing more. People's messages only: system lines
   * notify nobody, and a bot reply is committed empty.
   */
  private take(message: MessageDto): void {
    if (message.kind !== 'text' || !message.body) return;
    this.buffer.push(message);
    this.timer ??= setTimeout(() => void this.flush(), TICK_MS);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const messages = this.buffer.map(toPushMessage);
    this.buffer = [];
    if (messages.length === 0) return;
    const jobs = [];
    for (let i = 0; i < messages.length; i += MESSAGES_PER_JOB) {
      jobs.push({ messages: messages.slice(i, i + MESSAGES_PER_JOB) });
    }
    try {
      await this.jobs.addBulk(JobName.Push, jobs);
    } catch (error) {
      // Push is best effort: the messages themselves were delivered.
      this.logger.warn(`${messages.length} push notifications dropped: ${String(error)}`);
    }
  }
}

function toPushMessage(message: MessageDto): PushMessage {
  return {
    conversationId: message.conversationId,
    seq: message.seq,
    senderId: message.sender.id,
    senderName: message.sender.displayName,
    excerpt: pushExcerpt(message.body ?? ''),
    mentions: message.mentions,
    mentionsHere: message.mentionsHere,
  };
}
