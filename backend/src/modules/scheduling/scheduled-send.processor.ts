import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobProcessor, type QueueProcessor } from '../../common/jobs/job-processor';
import { QueueName, type SendScheduledJob } from '../../common/jobs/job.types';
import { MessagesService } from '../messages/messages.service';
import { SocketEvent } from '../realtime/contract/socket-event';
import { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import { UsersService } from '../users/users.service';
import type { ScheduledMessageEntity } from './scheduled-message.entity';
import { finalRefusal, waitUntil } from './scheduled-send';
import { toScheduledDto } from './scheduling.mapper';
import { SchedulingRepository } from './scheduling.repository';

const NOT_MEMBER = 'you are no longer a member of this conversation';

/**
 * Sends a scheduled message when its job fires, exactly once: the worker claims the row
 * (`scheduled` -> `sending`), sends through the ordinary send path as the author, with the
 * author's rights of now, and a client id derived from the row; a redelivered job (a worker
 * killed mid-send) sends again with that id and gets the message already made.
 */
@Injectable()
@JobProcessor(QueueName.ScheduledMessages)
export class ScheduledSendProcessor implements QueueProcessor<QueueName.ScheduledMessages> {
  private readonly logger = new Logger(ScheduledSendProcessor.name);
  readonly settings = { concurrency: 8 };

  constructor(
    private readonly rows: SchedulingRepository,
    private readonly messages: MessagesService,
    private readonly users: UsersService,
    private readonly realtime: RealtimePublisher,
  ) {}

  async handle(job: Job<SendScheduledJob>, token: string | undefined): Promise<string> {
    const { scheduledId } = job.data;
    const row = await this.rows.claimScheduled(scheduledId);
    if (!row) {
      const current = await this.rows.findScheduled(scheduledId);
      if (current?.status === 'scheduled') await waitUntil(job, current.sendAt, token);
      return current?.status ?? 'gone';
    }
    if (!(await this.users.isActive(row.authorId))) {
      return this.fail(row, 'your account is deactivated');
    }
    try {
      const { result } = await this.messages.queueSend(row.conversationId, row.authorId, {
        clientMessageId: `sched-${row.id}`,
        body: row.body,
      });
      const { message } = await result;
      const sent = await this.rows.settleScheduled(row.id, ['sending'], {
        status: 'sent',
        messageId: message.id,
      });
      if (sent)
        this.realtime.toUser(sent.authorId, SocketEvent.ScheduledUpdated, toScheduledDto(sent));
      return 'sent';
    } catch (error) {
      const refusal = finalRefusal(error, NOT_MEMBER);
      if (refusal === null) throw error;
      return this.fail(row, refusal);
    }
  }

  /** After the last attempt: the author learns it was not sent, rather than waiting for ever. */
  async onFailed(job: Job<SendScheduledJob>, error: Error): Promise<void> {
    if (job.attemptsMade < (job.opts.attempts ?? 1)) return;
    this.logger.error(`scheduled message ${job.data.scheduledId} not sent: ${error.message}`);
    const row = await this.rows.findScheduled(job.data.scheduledId);
    if (row) await this.fail(row, 'it could not be sent; try sending it again');
  }

  private async fail(row: ScheduledMessageEntity, reason: string): Promise<string> {
    const failed = await this.rows.settleScheduled(row.id, ['sending', 'scheduled'], {
      status: 'failed',
      failureReason: reason,
    });
    if (failed) {
      this.realtime.toUser(failed.authorId, SocketEvent.ScheduledUpdated, toScheduledDto(failed));
    }
    return 'failed';
  }
}
