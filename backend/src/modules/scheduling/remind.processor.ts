import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobProcessor, type QueueProcessor } from '../../common/jobs/job-processor';
import { QueueName, type RemindJob } from '../../common/jobs/job.types';
import { AppConfig } from '../../config/app-config';
import { ConversationAccess } from '../conversations/access/conversation-access.service';
import { GroupLifeService } from '../conversations/group-life.service';
import type { MessageDto } from '../messages/dto/message.dto';
import { MessagesService } from '../messages/messages.service';
import { SocketEvent } from '../realtime/contract/socket-event';
import { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import type { ReminderEntity } from './reminder.entity';
import { RemindersBot } from './reminders-bot';
import { finalRefusal, waitUntil } from './scheduled-send';
import { toReminderDto } from './scheduling.mapper';
import { SchedulingRepository } from './scheduling.repository';

const NOT_MEMBER = 'you are no longer a member of that conversation';
const EXCERPT = 200;

/**
 * At a reminder's time, the reminders bot writes to its person in their direct conversation,
 * quoting the message and linking to it. Exactly once, as a scheduled message is: the row is
 * claimed, and the bot's message has a client id derived from the reminder.
 */
@Injectable()
@JobProcessor(QueueName.Reminders)
export class RemindProcessor implements QueueProcessor<QueueName.Reminders> {
  private readonly logger = new Logger(RemindProcessor.name);
  readonly settings = { concurrency: 8 };

  constructor(
    private readonly rows: SchedulingRepository,
    private readonly messages: MessagesService,
    private readonly access: ConversationAccess,
    private readonly conversations: GroupLifeService,
    private readonly bot: RemindersBot,
    private readonly realtime: RealtimePublisher,
    private readonly config: AppConfig,
  ) {}

  async handle(job: Job<RemindJob>, token: string | undefined): Promise<string> {
    const { reminderId } = job.data;
    const row = await this.rows.claimReminder(reminderId);
    if (!row) {
      const current = await this.rows.findReminder(reminderId);
      if (current?.status === 'scheduled') await waitUntil(job, current.remindAt, token);
      return current?.status ?? 'gone';
    }
    // Only what the person can still read: someone who left meets no quote of it.
    if (!(await this.access.roleOf(row.conversationId, row.userId))) {
      return this.fail(row, NOT_MEMBER);
    }
    const botId = await this.bot.id();
    if (!botId) return this.fail(row, 'the reminders bot is not available on this server');
    try {
      const message = await this.messages.getVisible(row.messageId, row.userId);
      const { conversation } = await this.conversations.create(botId, {
        type: 'direct',
        userId: row.userId,
      });
      const { result } = await this.messages.queueSend(conversation.id, botId, {
        clientMessageId: `remind-${row.id}`,
        body: this.text(message),
      });
      await result;
      await this.settle(row, { status: 'sent' });
      return 'sent';
    } catch (error) {
      const refusal = finalRefusal(error, NOT_MEMBER);
      if (refusal === null) throw error;
      return this.fail(row, refusal);
    }
  }

  async onFailed(job: Job<RemindJob>, error: Error): Promise<void> {
    if (job.attemptsMade < (job.opts.attempts ?? 1)) return;
    this.logger.error(`reminder ${job.data.reminderId} not sent: ${error.message}`);
    const row = await this.rows.findReminder(job.data.reminderId);
    if (row) await this.fail(row, 'it could not be sent');
  }

  /** "Reminder: Alice wrote “…”" and the message's address in the app (`/c/:id?at=seq`). */
  private text(message: MessageDto): string {
    const body = message.body ?? '';
    const excerpt = body.length > EXCERPT ? `${body.slice(0, EXCERPT - 1)}…` : body;
    const what = message.deletedAt ? 'a message that was deleted since' : `“${excerpt}”`;
    const base = (this.config.PUBLIC_URL ?? '').replace(/\/$/, '');
    const link = `${base}/c/${message.conversationId}?at=${message.seq}`;
    return `Reminder: ${message.sender.displayName} wrote ${what}\n${link}`;
  }

  private async fail(row: ReminderEntity, reason: string): Promise<string> {
    await this.settle(row, { status: 'failed', failureReason: reason });
    return 'failed';
  }

  private async settle(
    row: ReminderEntity,
    changes: { status: 'sent' | 'failed'; failureReason?: string },
  ): Promise<void> {
    const settled = await this.rows.settleReminder(row.id, ['sending', 'scheduled'], changes);
    if (settled)
      this.realtime.toUser(settled.userId, SocketEvent.ReminderUpdated, toReminderDto(settled));
  }
}
