import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, Not, Repository } from 'typeorm';
import { returnedRows } from '../../database/query-rows';
import { ConversationMessagesPort } from '../messages/conversation-messages.port';
import type { SystemEvent } from '../messages/system-event';
import { type ConversationType, ConversationEntity } from './conversation.entity';
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
    private readonly messageLines: ConversationMessagesPort,
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

  /** Raw rows, no entities: every socket handshake asks this. */
  async conversationIdsOf(userId: string): Promise<string[]> {
    const rows: { conversation_id: string }[] = await this.dataSource.query(
      'SELECT conversation_id FROM conversation_members WHERE user_id = $1',
      [userId],
    );
    return rows.map((r) => r.conversation_id);
  }

  /** The groups and channels a user is in, with their role (direct conversations left out). */
  async groupMembershipsOf(
    userId: string,
  ): Promise<{ conversationId: string; role: MemberRole; type: ConversationType }[]> {
    const rows: { conversation_id: string; role: MemberRole; type: ConversationType }[] =
      await this.dataSource.query(
        `SELECT m.conversation_id, m.role, c.type
           FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
          WHERE m.user_id = $1 AND c.type <> 'direct'`,
        [userId],
      );
    return rows.map((r) => ({ conversationId: r.conversation_id, role: r.role, type: r.type }));
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
      // A direct chat shows for the other person only once it has a message.
      .where("NOT (c.type = 'direct' AND c.last_seq = 0 AND c.created_by <> :userId)")
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

  /** Moves a read marker forward (never back, never past lastSeq); null when unchanged. */
  async advanceReadMarker(
    conversationId: string,
    userId: string,
    seq: number,
  ): Promise<number | null> {
    const rows = returnedRows<{ last_read_seq: string }>(
      await this.dataSource.query(
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

  /** Sets the member's mute (ending by itself at `until`); false when they are not a member. */
  async setMuted(
    conversationId: string,
    userId: string,
    muted: boolean,
    until: Date | null,
  ): Promise<boolean> {
    const result = await this.members.update(
      { conversationId, userId },
      { muted, mutedUntil: muted ? until : null },
    );
    return (result.affected ?? 0) > 0;
  }

  /**
   * Moves a delivered marker forward (never back, never past lastSeq); null when unchanged or
   * not a member.
   */
  async advanceDeliveredMarker(
    conversationId: string,
    userId: string,
    seq: number,
  ): Promise<number | null> {
    const rows = returnedRows<{ last_delivered_seq: string }>(
      await this.dataSource.query(
        `UPDATE conversation_members m
          SET last_delivered_seq = LEAST($3::bigint, c.last_seq)
         FROM conversations c
        WHERE c.id = m.conversation_id AND m.conversation_id = $1 AND m.user_id = $2
          AND m.last_delivered_seq < LEAST($3::bigint, c.last_seq)
        RETURNING m.last_delivered_seq`,
        [conversationId, userId, seq],
      ),
    );
    return rows.length > 0 ? Number(rows[0].last_delivered_seq) : null;
  }

  /** Unread mentions per member, keyed `conversationId:userId` (the messages module counts). */
  mentionCounts(
    markers: { conversationId: string; userId: string; lastReadSeq: string }[],
  ): Promise<Map<string, number>> {
    return this.messageLines.unreadMentionCounts(markers);
  }

  /** Unread thread-only replies per member, keyed `conversationId:userId` (not counted unread). */
  threadOnlyCounts(
    markers: { conversationId: string; userId: string; lastReadSeq: string }[],
  ): Promise<Map<string, number>> {
    return this.messageLines.unreadThreadOnlyCounts(markers);
  }

  /**
   * Sets a read marker to `seq - 1` (mark as unread: the only way it moves back); false when
   * `seq` is past the conversation's last message.
   */
  async markUnreadFrom(conversationId: string, userId: string, seq: number): Promise<boolean> {
    const rows = returnedRows(
      await this.dataSource.query(
        `UPDATE conversation_members m
          SET last_read_seq = $3::bigint - 1
         FROM conversations c
        WHERE c.id = m.conversation_id AND m.conversation_id = $1 AND m.user_id = $2
          AND $3::bigint <= c.last_seq
        RETURNING 1`,
        [conversationId, userId, seq],
      ),
    );
    return rows.length > 0;
  }

  /**
   * Locks the conversation row for the rest of the transaction: membership changes of one
   * group run one at a time. False when the conversation is gone.
   */
  async lock(manager: EntityManager, conversationId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE`,
      [conversationId],
    );
    return rows.length > 0;
  }

  async memberIds(manager: EntityManager, conversationId: string): Promise<string[]> {
    const rows: { user_id: string }[] = await manager.query(
      `SELECT user_id FROM conversation_members WHERE conversation_id = $1`,
      [conversationId],
    );
    return rows.map((r) => r.user_id);
  }

  /** Adds members whose read marker starts at `lastReadSeq`. */
  async insertMembers(
    manager: EntityManager,
    conversationId: string,
    userIds: string[],
    lastReadSeq: number,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO conversation_members (conversation_id, user_id, role, last_read_seq)
       SELECT $1, unnest($2::uuid[]), 'member', $3`,
      [conversationId, userIds, lastReadSeq],
    );
  }

  /** Removes a member; returns the role they had, or null if they were not one. */
  async removeMember(
    manager: EntityManager,
    conversationId: string,
    userId: string,
  ): Promise<MemberRole | null> {
    const rows = returnedRows<{ role: MemberRole }>(
      await manager.query(
        `DELETE FROM conversation_members WHERE conversation_id = $1 AND user_id = $2
         RETURNING role`,
        [conversationId, userId],
      ),
    );
    return rows.length > 0 ? rows[0].role : null;
  }

  /**
   * Who takes over from an owner who left: the longest-standing admin, else the
   * longest-standing member (joined first; user id breaks ties). Null when nobody is left.
   * The primary key bounds the scan to the group's members (at most MAX_GROUP_MEMBERS).
   */
  async successor(manager: EntityManager, conversationId: string): Promise<string | null> {
    const rows: { user_id: string }[] = await manager.query(
      `SELECT user_id FROM conversation_members WHERE conversation_id = $1
        ORDER BY role = 'admin' DESC, joined_at, user_id LIMIT 1`,
      [conversationId],
    );
    return rows.length > 0 ? rows[0].user_id : null;
  }

  /** Sets a member's role unless they are the owner; false when nothing changed. */
  async setRole(
    manager: EntityManager,
    conversationId: string,
    userId: string,
    role: MemberRole,
  ): Promise<boolean> {
    const result = await manager
      .getRepository(MemberEntity)
      .update({ conversationId, userId, role: Not(In(['owner', role])) }, { role });
    return (result.affected ?? 0) > 0;
  }

  async rename(manager: EntityManager, conversationId: string, title: string): Promise<void> {
    await manager.getRepository(ConversationEntity).update({ id: conversationId }, { title });
  }

  /** Ends a conversation: its members and messages go with it (ON DELETE CASCADE). */
  async delete(manager: EntityManager, conversationId: string): Promise<void> {
    await manager.getRepository(ConversationEntity).delete({ id: conversationId });
  }

  /**
   * Writes a system message in this transaction, numbered like any message, through the
   * messages module's port: the line commits (or not) with the change it records.
   */
  appendSystemMessage(
    manager: EntityManager,
    line: { conversationId: string; actorId: string; body: string; event: SystemEvent },
  ): Promise<{ id: string; seq: number }> {
    return this.messageLines.appendSystemLine(
      (sql, parameters) => manager.query(sql, parameters),
      line,
    );
  }
}
