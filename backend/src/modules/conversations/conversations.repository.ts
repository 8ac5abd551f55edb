import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, Repository } from 'typeorm';
import { returnedRows } from '../../database/query-rows';
import { ConversationEntity } from './conversation.entity';
import { type MemberRole, MemberEntity } from './member.entity';

export interface ConversationWithMarker {
  conversation: ConversationEntity;
  lastReadSeq: string;
}

@Injectable()
export class ConversationsRepository {
  constructor(
    @InjectRepository(ConversationEntity)
    private readonly conversations: Repository<ConversationEntity>,
    @InjectRepository(MemberEntity) private readonly members: Repository<MemberEntity>,
    private readonly dataSource: DataSource,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  findById(id: string): Promise<ConversationEntity | null> {
    return this.conversations.findOneBy({ id });
  }

  findByDirectKey(directKey: string): Promise<ConversationEntity | null> {
    return this.conversations.findOneBy({ directKey });
  }

  async create(
    manager: EntityManager,
    conversation: Partial<ConversationEntity>,
    members: { userId: string; role: MemberRole }[],
  ): Promise<ConversationEntity> {
    const saved = await manager
      .getRepository(ConversationEntity)
      .save(manager.create(ConversationEntity, conversation));
    await manager
      .getRepository(MemberEntity)
      .insert(members.map((m) => ({ conversationId: saved.id, userId: m.userId, role: m.role })));
    return saved;
  }

  findMember(conversationId: string, userId: string): Promise<MemberEntity | null> {
    return this.members.findOneBy({ conversationId, userId });
  }

  membersOf(conversationIds: string[]): Promise<MemberEntity[]> {
    if (conversationIds.length === 0) return Promise.resolve([]);
    return this.members.find({
      where: { conversationId: In(conversationIds) },
      order: { joinedAt: 'ASC', userId: 'ASC' },
    });
  }

  async conversationIdsOf(userId: string): Promise<string[]> {
    const rows = await this.members.find({ select: { conversationId: true }, where: { userId } });
    return rows.map((r) => r.conversationId);
  }

  /** Those of `userIds` who share at least one conversation with `userId`. */
  async sharingWith(userId: string, userIds: string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const rows: { user_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT other.user_id
         FROM conversation_members mine
         JOIN conversation_members other ON other.conversation_id = mine.conversation_id
        WHERE mine.user_id = $1 AND other.user_id = ANY($2::uuid[])`,
      [userId, userIds],
    );
    return rows.map((r) => r.user_id);
  }

  /** The caller's conversations, most recent activity first, after the keyset cursor. */
  async listForUser(
    userId: string,
    after: { updatedAt: Date; id: string } | null,
    limit: number,
  ): Promise<ConversationWithMarker[]> {
    const query = this.conversations
      .createQueryBuilder('c')
      .innerJoin(MemberEntity, 'm', 'm.conversation_id = c.id AND m.user_id = :userId', { userId })
      .addSelect('m.last_read_seq', 'last_read_seq')
      .orderBy('c.updated_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit);
    if (after) {
      query.andWhere('(c.updated_at, c.id) < (:updatedAt, :id)', after);
    }
    const { entities, raw } = await query.getRawAndEntities<{ last_read_seq: string }>();
    return entities.map((conversation, i) => ({
      conversation,
      lastReadSeq: raw[i].last_read_seq,
    }));
  }

  /** Numbers the next message: the row lock serialises concurrent senders. */
  async nextSeq(manager: EntityManager, conversationId: string): Promise<number> {
    const [row] = returnedRows<{ last_seq: string }>(
      await manager.query(
        `UPDATE conversations SET last_seq = last_seq + 1, updated_at = now()
          WHERE id = $1 RETURNING last_seq`,
        [conversationId],
      ),
    );
    return Number(row.last_seq);
  }

  /** Moves a read marker forward (never back, never past lastSeq); null when unchanged. */
  async advanceReadMarker(
    conversationId: string,
    userId: string,
    seq: number,
    manager?: EntityManager,
  ): Promise<number | null> {
    const runner = manager ?? this.dataSource.manager;
    const rows = returnedRows<{ last_read_seq: string }>(
      await runner.query(
        `UPDATE conversation_members m
          SET last_read_seq = LEAST($3::bigint, c.last_seq)
         FROM conversations c
        WHERE c.id = m.conversation_id AND m.conversation_id = $1 AND m.user_id = $2
          AND m.last_read_seq < LEAST($3::bigint, c.last_seq)
        RETURNING m.last_read_seq`,
        [conversationId, userId, seq],
      ),
    );
    return rows.length > 0 ? Number(rows[0].last_read_seq) : null;
  }

  async touch(conversationId: string, changes: Partial<ConversationEntity> = {}): Promise<void> {
    await this.conversations.update({ id: conversationId }, { ...changes, updatedAt: new Date() });
  }

  /** Adds members, skipping people already in; returns who was actually added. */
  async addMembers(conversationId: string, userIds: string[]): Promise<string[]> {
    const rows = returnedRows<{ user_id: string }>(
      await this.dataSource.query(
        `INSERT INTO conversation_members (conversation_id, user_id, role)
         SELECT $1, unnest($2::uuid[]), 'member'
         ON CONFLICT DO NOTHING
         RETURNING user_id`,
        [conversationId, userIds],
      ),
    );
    return rows.map((r) => r.user_id);
  }

  async removeMember(conversationId: string, userId: string): Promise<boolean> {
    const result = await this.members.delete({ conversationId, userId });
    return (result.affected ?? 0) > 0;
  }

  async setRole(conversationId: string, userId: string, role: MemberRole): Promise<void> {
    await this.members.update({ conversationId, userId }, { role });
  }
}
