import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { JobQueue } from '../../common/jobs/job-queue';
import { JobName } from '../../common/jobs/job.types';
import { MessagesService } from '../messages/messages.service';
import { SocketEvent } from '../realtime/contract/socket-event';
import { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import type { ReminderDto } from './dto/scheduled.dto';
import type { ReminderEntity } from './reminder.entity';
import { refusalOfTime, toReminderDto } from './scheduling.mapper';
import { SchedulingRepository } from './scheduling.repository';

/**
 * "Remind me about this message", the person's side: set, list, cancel. At the time, the
 * reminders bot writes to them (see `RemindProcessor`).
 */
@Injectable()
export class RemindersService {
  constructor(
    private readonly rows: SchedulingRepository,
    private readonly messages: MessagesService,
    private readonly jobs: JobQueue,
    private readonly realtime: RealtimePublisher,
  ) {}

  async remind(messageId: string, userId: string, at: string): Promise<ReminderDto> {
    const refusal = refusalOfTime(at, 'at');
    if (refusal) throw new ConflictException(refusal);
    // 404 unless the caller can read the message now.
    const message = await this.messages.getVisible(messageId, userId);
    const row = await this.rows.createReminder({
      userId,
      messageId,
      conversationId: message.conversationId,
      remindAt: new Date(at),
    });
    await this.jobs.add(
      JobName.Remind,
      { reminderId: row.id },
      { delay: Math.max(0, row.remindAt.getTime() - Date.now()) },
    );
    return this.publish(row);
  }

  async list(userId: string): Promise<ReminderDto[]> {
    return (await this.rows.pendingReminders(userId)).map(toReminderDto);
  }

  /** Cancels it while it waits; cancelling again changes nothing. */
  async cancel(id: string, userId: string): Promise<void> {
    const cancelled = await this.rows.settleReminder(
      id,
      ['scheduled'],
      { status: 'cancelled' },
      userId,
    );
    if (!cancelled) {
      const row = await this.rows.findReminder(id);
      if (!row || row.userId !== userId) throw new NotFoundException('reminder not found');
      if (row.status === 'cancelled') return;
      throw new ConflictException(`the reminder is ${row.status} and can no longer change`);
    }
    this.publish(cancelled);
    await this.jobs.remove(JobName.Remind, { reminderId: id }).catch(() => undefined);
  }

  private publish(row: ReminderEntity): ReminderDto {
    const dto = toReminderDto(row);
    this.realtime.toUser(row.userId, SocketEvent.ReminderUpdated, dto);
    return dto;
  }
}
