import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { appendedMessage, appendMessageStatement, type NewMessage } from './append-message';
import { MessageEntity } from './message.entity';

@Injectable()
export class MessagesRepository {
  constructor(
    @InjectRepository(MessageEntity) private readonly messages: Repository<MessageEntity>,
  ) {}

  findById(id: string): Promise<MessageEntity | null> {
    return this.messages.findOneBy({ id });
  }

  findByIds(ids: string[]): Promise<MessageEntity[]> {
    return ids.length > 0 ? this.messages.findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  findByClientId(senderId: string, clientMessageId: string): Promise<MessageEntity | null> {
    return this.messages.findOneBy({ senderId, clientMessageId });
  }

  /** Numbers and stores a message in one atomic statement (see `appendMessageStatement`). */
  async append(message: NewMessage): Promise<MessageEntity> {
    return appendedMessage(await this.messages.query(...appendMessageStatement(message)));
  }

  async update(id: string, changes: Partial<MessageEntity>): Promise<MessageEntity | null> {
    await this.messages.update({ id }, changes);
    return this.findById(id);
  }

  /** Newest page (no bound), older than `beforeSeq`, or newer than `afterSeq`; ascending. */
  async page(
    conversationId: string,
    bound: { beforeSeq?: number; afterSeq?: number },
    limit: number,
  ): Promise<MessageEntity[]> {
    const ascending = bound.afterSeq !== undefined;
    const query = this.messages
      .createQueryBuilder('m')
      .where('m.conversation_id = :conversationId', { conversationId })
      .orderBy('m.seq', ascending ? 'ASC' : 'DESC')
      .limit(limit);
    if (bound.afterSeq !== undefined) query.andWhere('m.seq > :after', { after: bound.afterSeq });
    if (bound.beforeSeq !== undefined)
      query.andWhere('m.seq < :before', { before: bound.beforeSeq });
    const rows = await query.getMany();
    return ascending ? rows : rows.reverse();
  }

  /** The messages at the given (conversation, seq) pairs, in one index-driven query. */
  async findAt(pairs: { conversationId: string; seq: number }[]): Promise<MessageEntity[]> {
    const wanted = pairs.filter((p) => p.seq > 0);
    if (wanted.length === 0) return [];
    return this.messages
      .createQueryBuilder('m')
      .where(
        '(m.conversation_id, m.seq) IN (SELECT * FROM unnest(:ids::uuid[], :seqs::bigint[]))',
        {
          ids: wanted.map((p) => p.conversationId),
          seqs: wanted.map((p) => p.seq),
        },
      )
      .getMany();
  }
}
