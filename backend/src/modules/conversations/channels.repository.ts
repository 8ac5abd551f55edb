import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { returnedRows } from '../../database/query-rows';

export interface ChannelRow {
  id: string;
  title: string;
  topic: string | null;
  member_count: string;
  joined: boolean;
  archived: boolean;
  sort_title: string;
}

/** What only channels have: browsing them, joining one, the archived state, the topic. */
@Injectable()
export class ChannelsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Channels by title (then id), after the keyset cursor, with their member counts: the partial
   * index `conversations_channels_title_idx` gives the order; each count reads the members'
   * primary key. `query` matches anywhere in the title, in any letter case.
   */
  browse(
    viewerId: string,
    query: string | undefined,
    after: { title: string; id: string } | null,
    limit: number,
  ): Promise<ChannelRow[]> {
    const pattern = query ? `%${query.toLowerCase().replace(/[\\%_]/g, '\\$&')}%` : null;
    return this.dataSource.query(
      `SELECT c.id, c.title, c.topic, lower(c.title) AS sort_title,
              c.archived_at IS NOT NULL AS archived,
              (SELECT count(*) FROM conversation_members m WHERE m.conversation_id = c.id)
                AS member_count,
              EXISTS (SELECT 1 FROM conversation_members m
                       WHERE m.conversation_id = c.id AND m.user_id = $1) AS joined
         FROM conversations c
        WHERE c.type = 'channel'
          AND ($2::text IS NULL OR lower(c.title) LIKE $2)
          AND ($3::text IS NULL OR (lower(c.title), c.id) > ($3, $4::uuid))
        ORDER BY lower(c.title), c.id
        LIMIT $5`,
      [viewerId, pattern, after?.title ?? null, after?.id ?? null, limit],
    );
  }

  /**
   * Adds the user to the channel with a read marker at its newest message (its history is not
   * their unread); false when they already were a member.
   */
  async insertMember(
    manager: EntityManager,
    conversationId: string,
    userId: string,
  ): Promise<boolean> {
    const rows = returnedRows(
      await manager.query(
        `INSERT INTO conversation_members (conversation_id, user_id, role, last_read_seq)
         SELECT id, $2, 'member', last_seq FROM conversations WHERE id = $1
         ON CONFLICT DO NOTHING
         RETURNING 1`,
        [conversationId, userId],
      ),
    );
    return rows.length > 0;
  }

  /** Archives (`archived` true) or reopens; false when it already was in that state. */
  async setArchived(
    manager: EntityManager,
    conversationId: string,
    archived: boolean,
  ): Promise<boolean> {
    const rows = returnedRows(
      await manager.query(
        `UPDATE conversations SET archived_at = CASE WHEN $2 THEN now() END
          WHERE id = $1 AND (archived_at IS NOT NULL) <> $2
          RETURNING 1`,
        [conversationId, archived],
      ),
    );
    return rows.length > 0;
  }

  async setTopic(manager: EntityManager, conversationId: string, topic: string | null) {
    await manager.query(`UPDATE conversations SET topic = $2 WHERE id = $1`, [
      conversationId,
      topic,
    ]);
  }
}
