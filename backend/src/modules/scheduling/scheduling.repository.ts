import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type Repository } from 'typeorm';
import { AtRestEncryption } from '../../common/encryption/at-rest-encryption';
import { sealMessageText, tryOpenMessageText } from '../../common/encryption/message-body';
import { ReminderEntity } from './reminder.entity';
import { ScheduledMessageEntity, type ScheduledStatus } from './scheduled-message.entity';

/** How much early a job may fire and still count as due (clocks, BullMQ's timer). */
const DUE_SLACK = "interval '1 second'";

/**
 * Scheduled messages and reminders. Every change of status is one conditional UPDATE, so a
 * cancel, an edit and a worker's claim never both win.
 */
@Injectable()
export class SchedulingRepository {
  constructor(
    @InjectRepository(ScheduledMessageEntity)
    private readonly scheduled: Repository<ScheduledMessageEntity>,
    @InjectRepository(ReminderEntity)
    private readonly reminders: Repository<ReminderEntity>,
    private readonly encryption: AtRestEncryption,
  ) {}

  /** The text as stored: sealed for its conversation when encryption at rest is on. */
  private seal(body: string, conversationId: string): string {
    return sealMessageText(this.encryption.ring, body, conversationId);
  }

  /** The row with its text readable; a text that does not decrypt reads as empty. */
  private open(row: ScheduledMessageEntity): ScheduledMessageEntity;
  private open(row: ScheduledMessageEntity | null): ScheduledMessageEntity | null;
  private open(row: ScheduledMessageEntity | null): ScheduledMessageEntity | null {
    if (!row || !this.encryption.enabled) return row;
    row.body = tryOpenMessageText(this.encryption.ring, row.body, row.conversationId) ?? '';
    return row;
  }

  /** A new one, or the author's existing one with that client id (created: false). */
  async createScheduled(
    row: Pick<
      ScheduledMessageEntity,
      'conversationId' | 'authorId' | 'clientMessageId' | 'body' | 'sendAt'
    >,
  ): Promise<{ created: boolean; row: ScheduledMessageEntity }> {
    const result = await this.scheduled
      .createQueryBuilder()
      .insert()
      .values({ ...row, body: this.seal(row.body, row.conversationId) })
      .orIgnore()
      .returning('*')
      .execute();
    const inserted = this.first(result.raw as Record<string, unknown>[], this.scheduled);
    if (inserted) return { created: true, row: this.open(inserted) };
    const existing = await this.scheduled.findOneByOrFail({
      authorId: row.authorId,
      clientMessageId: row.clientMessageId,
    });
    return { created: false, row: this.open(existing) };
  }

  async findScheduled(id: string): Promise<ScheduledMessageEntity | null> {
    return this.open(await this.scheduled.findOneBy({ id }));
  }

  /** The author's pending ones (index `scheduled_messages_author_idx`), soonest first. */
  async pendingScheduled(
    authorId: string,
    conversationId?: string,
  ): Promise<ScheduledMessageEntity[]> {
    const rows = await this.scheduled
      .createQueryBuilder('s')
      .where('s.authorId = :authorId', { authorId })
      .andWhere("s.status IN ('scheduled', 'sending')")
      .andWhere(conversationId ? 's.conversationId = :conversationId' : 'TRUE', { conversationId })
      .orderBy('s.sendAt', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(500)
      .getMany();
    return rows.map((row) => this.open(row));
  }

  /** Changes a scheduled message that is still waiting; null when it is not (any more). */
  async editScheduled(
    id: string,
    authorId: string,
    changes: { body?: string; sendAt?: Date },
  ): Promise<ScheduledMessageEntity | null> {
    if (changes.body !== undefined && this.encryption.enabled) {
      const found = await this.scheduled.findOne({
        where: { id },
        select: { id: true, conversationId: true },
      });
      if (!found) return null;
      changes = { ...changes, body: this.seal(changes.body, found.conversationId) };
    }
    const result = await this.scheduled
      .createQueryBuilder()
      .update()
      .set(changes)
      .where("id = :id AND author_id = :authorId AND status = 'scheduled'", { id, authorId })
      .returning('*')
      .execute();
    return this.open(this.first(result.raw as Record<string, unknown>[], this.scheduled));
  }

  /**
   * The worker's claim: a waiting (or half-sent) message that is due becomes `sending`. Null
   * when it is not due, was cancelled, or is settled.
   */
  async claimScheduled(id: string): Promise<ScheduledMessageEntity | null> {
    const result = await this.scheduled
      .createQueryBuilder()
      .update()
      .set({ status: 'sending' })
      .where(
        `id = :id AND status IN ('scheduled', 'sending') AND send_at <= now() + ${DUE_SLACK}`,
        { id },
      )
      .returning('*')
      .execute();
    return this.open(this.first(result.raw as Record<string, unknown>[], this.scheduled));
  }

  /** Moves a message out of `from` (a claim's `sending`, or `scheduled` to cancel it). */
  async settleScheduled(
    id: string,
    from: ScheduledStatus[],
    changes: Partial<Pick<ScheduledMessageEntity, 'status' | 'failureReason' | 'messageId'>>,
    authorId?: string,
  ): Promise<ScheduledMessageEntity | null> {
    const result = await this.scheduled
      .createQueryBuilder()
      .update()
      .set(changes)
      .where('id = :id AND status IN (:...from)', { id, from })
      .andWhere(authorId ? 'author_id = :authorId' : 'TRUE', { authorId })
      .returning('*')
      .execute();
    return this.open(this.first(result.raw as Record<string, unknown>[], this.scheduled));
  }

  createReminder(
    row: Pick<ReminderEntity, 'userId' | 'messageId' | 'conversationId' | 'remindAt'>,
  ): Promise<ReminderEntity> {
    return this.reminders.save(this.reminders.create(row));
  }

  findReminder(id: string): Promise<ReminderEntity | null> {
    return this.reminders.findOneBy({ id });
  }

  /** The person's pending reminders (index `reminders_user_idx`), soonest first. */
  pendingReminders(userId: string): Promise<ReminderEntity[]> {
    return this.reminders
      .createQueryBuilder('r')
      .where('r.userId = :userId', { userId })
      .andWhere("r.status IN ('scheduled', 'sending')")
      .orderBy('r.remindAt', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .limit(500)
      .getMany();
  }

  /** As `claimScheduled`, for a reminder. */
  async claimReminder(id: string): Promise<ReminderEntity | null> {
    const result = await this.reminders
      .createQueryBuilder()
      .update()
      .set({ status: 'sending' })
      .where(
        `id = :id AND status IN ('scheduled', 'sending') AND remind_at <= now() + ${DUE_SLACK}`,
        { id },
      )
      .returning('*')
      .execute();
    return this.first(result.raw as Record<string, unknown>[], this.reminders);
  }

  async settleReminder(
    id: string,
    from: ScheduledStatus[],
    changes: Partial<Pick<ReminderEntity, 'status' | 'failureReason'>>,
    userId?: string,
  ): Promise<ReminderEntity | null> {
    const result = await this.reminders
      .createQueryBuilder()
      .update()
      .set(changes)
      .where('id = :id AND status IN (:...from)', { id, from })
      .andWhere(userId ? 'user_id = :userId' : 'TRUE', { userId })
      .returning('*')
      .execute();
    return this.first(result.raw as Record<string, unknown>[], this.reminders);
  }

  /** A RETURNING row (column names) as its entity. */
  private first<T extends object>(
    rows: Record<string, unknown>[],
    repository: Repository<T>,
  ): T | null {
    if (rows.length === 0) return null;
    const entity = repository.create();
    for (const column of repository.metadata.columns) {
      column.setEntityValue(entity, rows[0][column.databaseName]);
    }
    return entity;
  }
}
