import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { AuthUser } from '../../common/current-user.decorator';
import { JobQueue } from '../../common/jobs/job-queue';
import { JobName } from '../../common/jobs/job.types';
import { ConversationAccess } from '../conversations/access/conversation-access.service';
import { MAX_BODY_LENGTH, type SendMessageDto } from '../messages/dto/message-input.dto';
import { SocketEvent } from '../realtime/contract/socket-event';
import { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import type { EditScheduledDto, ScheduledMessageDto } from './dto/scheduled.dto';
import type { ScheduledMessageEntity } from './scheduled-message.entity';
import { refusalOfTime, toScheduledDto } from './scheduling.mapper';
import { SchedulingRepository } from './scheduling.repository';

/**
 * Scheduled messages, the author's side: schedule, list, edit and cancel while it waits. The
 * row is the truth; its delayed job (id = the row's id) only says when to look at it again
 * (see `ScheduledSendProcessor`).
 */
@Injectable()
export class ScheduledMessagesService {
  constructor(
    private readonly rows: SchedulingRepository,
    private readonly access: ConversationAccess,
    private readonly jobs: JobQueue,
    private readonly realtime: RealtimePublisher,
  ) {}

  /**
   * `POST /conversations/:id/messages` with `sendAt`. The same clientMessageId again answers the
   * one already scheduled (and makes sure its job exists).
   */
  async schedule(
    conversationId: string,
    caller: AuthUser,
    input: SendMessageDto & { sendAt: string },
  ): Promise<ScheduledMessageDto> {
    if (caller.guest) throw new ForbiddenException('visitors cannot schedule messages');
    if (
      input.attachmentIds?.length ||
      input.replyToId ||
      input.threadRootId ||
      input.alsoToConversation
    ) {
      throw new ConflictException(
        'a scheduled message carries text only: no attachments, reply or thread',
      );
    }
    if (input.body === undefined) {
      throw new BadRequestException([`body must be 1-${MAX_BODY_LENGTH} characters`]);
    }
    this.requireTime(input.sendAt, 'sendAt');
    await this.access.requireMember(conversationId, caller.id);
    const { created, row } = await this.rows.createScheduled({
      conversationId,
      authorId: caller.id,
      clientMessageId: input.clientMessageId,
      body: input.body,
      sendAt: new Date(input.sendAt),
    });
    if (row.conversationId !== conversationId) {
      throw new ConflictException('clientMessageId was already used in another conversation');
    }
    if (row.status === 'scheduled') {
      await this.jobs.add(
        JobName.SendScheduled,
        { scheduledId: row.id },
        { delay: Math.max(0, row.sendAt.getTime() - Date.now()) },
      );
    }
    return created ? this.publish(row) : toScheduledDto(row);
  }

  /** The caller's pending scheduled messages, soonest first. */
  async list(userId: string, conversationId?: string): Promise<ScheduledMessageDto[]> {
    return (await this.rows.pendingScheduled(userId, conversationId)).map(toScheduledDto);
  }

  /** New text and/or time, while it still waits (409 once sending, sent, failed or cancelled). */
  async edit(id: string, userId: string, input: EditScheduledDto): Promise<ScheduledMessageDto> {
    if (input.sendAt !== undefined) this.requireTime(input.sendAt, 'sendAt');
    if (input.body === undefined && input.sendAt === undefined) {
      return toScheduledDto(await this.requireOwn(id, userId));
    }
    const updated = await this.rows.editScheduled(id, userId, {
      ...(input.body !== undefined && { body: input.body }),
      ...(input.sendAt !== undefined && { sendAt: new Date(input.sendAt) }),
    });
    if (!updated) throw this.notWaiting(await this.requireOwn(id, userId));
    if (input.sendAt !== undefined) {
      await this.jobs.reschedule(
        JobName.SendScheduled,
        { scheduledId: id },
        Math.max(0, updated.sendAt.getTime() - Date.now()),
      );
    }
    return this.publish(updated);
  }

  /** Cancels it while it waits; cancelling again changes nothing. */
  async cancel(id: string, userId: string): Promise<void> {
    const cancelled = await this.rows.settleScheduled(
      id,
      ['scheduled'],
      { status: 'cancelled' },
      userId,
    );
    if (!cancelled) {
      const row = await this.requireOwn(id, userId);
      if (row.status === 'cancelled') return;
      throw this.notWaiting(row);
    }
    this.publish(cancelled);
    // Best effort: a job left behind finds the row cancelled and does nothing.
    await this.jobs.remove(JobName.SendScheduled, { scheduledId: id }).catch(() => undefined);
  }

  private async requireOwn(id: string, userId: string): Promise<ScheduledMessageEntity> {
    const row = await this.rows.findScheduled(id);
    if (!row || row.authorId !== userId) throw new NotFoundException('scheduled message not found');
    return row;
  }

  private notWaiting(row: ScheduledMessageEntity): ConflictException {
    return new ConflictException(`the scheduled message is ${row.status} and can no longer change`);
  }

  private requireTime(at: string, field: string): void {
    const refusal = refusalOfTime(at, field);
    if (refusal) throw new ConflictException(refusal);
  }

  private publish(row: ScheduledMessageEntity): ScheduledMessageDto {
    const dto = toScheduledDto(row);
    this.realtime.toUser(row.authorId, SocketEvent.ScheduledUpdated, dto);
    return dto;
  }
}
