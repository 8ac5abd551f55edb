import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { BotReplyOutboxEntity } from './bot-reply-outbox.entity';
import { BotEntity } from './bot.entity';
import type { BotReplyJob } from '../../common/jobs/job.types';

@Injectable()
export class BotsRepository {
  constructor(
    @InjectRepository(BotEntity) private readonly bots: Repository<BotEntity>,
    @InjectRepository(BotReplyOutboxEntity)
    private readonly outbox: Repository<BotReplyOutboxEntity>,
  ) {}

  async upsert(bot: { userId: string; provider: string; description: string }): Promise<void> {
    await this.bots.upsert(bot, ['userId']);
  }

  /** The offered bots (those named in `providers`) with their users, by username. */
  list(providers: string[]): Promise<BotEntity[]> {
    if (providers.length === 0) return Promise.resolve([]);
    return this.bots
      .createQueryBuilder('b')
      .innerJoinAndSelect('b.user', 'u', 'u.deleted_at IS NULL')
      .where('b.provider IN (:...providers)', { providers })
      .orderBy('u.username', 'ASC')
      .getMany();
  }

  findByUserId(userId: string): Promise<BotEntity | null> {
    return this.bots.findOneBy({ userId });
  }

  /** Owed again (a person asked to retry a failed reply). */
  async owe(reply: BotReplyJob): Promise<void> {
    await this.outbox.createQueryBuilder().insert().values(reply).orIgnore().execute();
  }

  async settle(reply: BotReplyJob): Promise<void> {
    await this.outbox.delete(reply);
  }

  /** Replies owed for longer than `olderThanMs`: their hand-off may have been missed. */
  async overdue(olderThanMs: number, limit: number): Promise<BotReplyJob[]> {
    const rows = await this.outbox
      .createQueryBuilder('o')
      .select(['o.triggerMessageId', 'o.botId'])
      .where(`o.created_at < now() - make_interval(secs => :seconds)`, {
        seconds: olderThanMs / 1000,
      })
      .orderBy('o.created_at', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map(({ triggerMessageId, botId }) => ({ triggerMessageId, botId }));
  }
}
