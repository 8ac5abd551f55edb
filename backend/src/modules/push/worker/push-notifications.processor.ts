import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import {
  JobProcessor,
  type QueueProcessor,
  type WorkerSettings,
} from '../../../common/jobs/job-processor';
import { type PushJob, type PushMessage, QueueName } from '../../../common/jobs/job.types';
import { AppConfig } from '../../../config/app-config';
import { PresenceStore } from '../../presence/presence-store';
import { type PushRecipient, PushSubscriptionsRepository } from '../push-subscriptions.repository';
import { PushSender } from './push-sender';

/** Notifications sent at the same time by one process (each is one HTTPS request). */
const CONCURRENT_SENDS = 16;

/**
 * Sends Web Push for committed messages to members who are offline (no live socket on any
 * instance; an open tab shows its own notification), are not the sender, and have not muted
 * the conversation unless the message @mentions them by name. Gone subscriptions are deleted.
 */
@Injectable()
@JobProcessor(QueueName.Push)
export class PushNotificationsProcessor implements QueueProcessor<QueueName.Push> {
  private readonly logger = new Logger('Push');
  readonly settings: WorkerSettings = { concurrency: 4 };
  readonly enabled: boolean;

  constructor(
    config: AppConfig,
    private readonly subscriptions: PushSubscriptionsRepository,
    private readonly presence: PresenceStore,
    private readonly sender: PushSender,
  ) {
    this.enabled = config.pushEnabled;
  }

  async handle(job: Job<PushJob>): Promise<void> {
    const { messages } = job.data;
    const conversationIds = [...new Set(messages.map((m) => m.conversationId))];
    const [recipients, titles] = await Promise.all([
      this.subscriptions.recipients(conversationIds),
      this.subscriptions.titles(conversationIds),
    ]);
    const sends: { recipient: PushRecipient; message: PushMessage }[] = [];
    for (const message of messages) {
      for (const recipient of recipients) {
        if (recipient.conversationId !== message.conversationId) continue;
        if (recipient.userId === message.senderId) continue;
        if (recipient.muted && !message.mentions.includes(recipient.userId)) continue;
        sends.push({ recipient, message });
      }
    }
    const offline = await this.offline([...new Set(sends.map((s) => s.recipient.userId))]);
    const due = sends.filter((s) => offline.has(s.recipient.userId));
    const expired: string[] = [];
    for (let i = 0; i < due.length; i += CONCURRENT_SENDS) {
      await Promise.all(
        due.slice(i, i + CONCURRENT_SENDS).map(async ({ recipient, message }) => {
          const outcome = await this.sender
            .send(recipient, this.payload(message, titles.get(message.conversationId) ?? null))
            .catch((error: unknown) => {
              this.logger.warn(
                `push to ${new URL(recipient.endpoint).host} failed: ${String(error)}`,
              );
              return 'failed' as const;
            });
          if (outcome === 'expired') expired.push(recipient.subscriptionId);
        }),
      );
    }
    await this.subscriptions.deleteByIds([...new Set(expired)]);
  }

  /** Users with no live socket on any instance. */
  private async offline(userIds: string[]): Promise<Set<string>> {
    const now = Date.now();
    const live = await Promise.all(userIds.map((id) => this.presence.liveSockets(id, now)));
    return new Set(userIds.filter((_, i) => live[i] === 0));
  }

  /** What the service worker shows: plain text only, and where a click leads. */
  private payload(message: PushMessage, groupTitle: string | null) {
    return {
      title: groupTitle ?? message.senderName,
      body: groupTitle ? `${message.senderName}: ${message.excerpt}` : message.excerpt,
      data: { conversationId: message.conversationId, seq: message.seq },
    };
  }
}
