import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { returnedRows } from '../../../database/query-rows';
import { REACTIONS_OF_M } from '../message-statements';
import type { ReactionDto } from './dto/reaction.dto';

/** The message a reaction change is about, read under its row lock. */
export interface LockedMessage {
  conversationId: string;
  kind: string;
  deleted: boolean;
}

@Injectable()
export class ReactionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Locks the message row until the transaction ends (NO KEY UPDATE: the reactions' foreign
   * key checks still pass), so one message's reaction changes, the distinct-emoji cap and a
   * concurrent delete are taken one at a time. Null when the message is gone.
   */
  async lockMessage(manager: EntityManager, messageId: string): Promise<LockedMessage | null> {
    const rows: { conversation_id: string; kind: string; deleted: boolean }[] = await manager.query(
      `SELECT conversation_id, kind, deleted_at IS NOT NULL AS deleted
           FROM messages WHERE id = $1 FOR NO KEY UPDATE`,
      [messageId],
    );
    if (rows.length === 0) return null;
    const [row] = rows;
    return { conversationId: row.conversation_id, kind: row.kind, deleted: row.deleted };
  }

  /** How many distinct emoji the message has, and whether `emoji` is one of them. */
  async emojiUse(
    manager: EntityManager,
    messageId: string,
    emoji: string,
  ): Promise<{ distinct: number; present: boolean }> {
    const [row]: { n: number; present: boolean | null }[] = await manager.query(
      `SELECT count(DISTINCT emoji)::int AS n, bool_or(emoji = $2) AS present
         FROM message_reactions WHERE message_id = $1`,
      [messageId, emoji],
    );
    return { distinct: row.n, present: row.present === true };
  }

  /** True when the row was added (false: the caller had already reacted so). */
  async add(
    manager: EntityManager,
    messageId: string,
    userId: string,
    emoji: string,
  ): Promise<boolean> {
    const rows = returnedRows(
      await manager.query(
        `INSERT INTO message_reactions (message_id, user_id, emoji) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [messageId, userId, emoji],
      ),
    );
    return rows.length > 0;
  }

  /** True when a row was removed. */
  async remove(
    manager: EntityManager,
    messageId: string,
    userId: string,
    emoji: string,
  ): Promise<boolean> {
    const rows = returnedRows(
      await manager.query(
        `DELETE FROM message_reactions WHERE message_id = $1 AND user_id = $2 AND emoji = $3
         RETURNING 1`,
        [messageId, userId, emoji],
      ),
    );
    return rows.length > 0;
  }

  /** The reactions of each message (one query for a whole page); messages without any are absent. */
  async forMessages(
    messageIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, ReactionDto[]>> {
    const byMessage = new Map<string, ReactionDto[]>();
    if (messageIds.length === 0) return byMessage;
    const rows: { id: string; reactions: ReactionDto[] }[] = await manager.query(
      `SELECT m.id, r.reactions
         FROM unnest($1::uuid[]) AS m(id) CROSS JOIN LATERAL (${REACTIONS_OF_M}) r
        WHERE r.reactions IS NOT NULL`,
      [messageIds],
    );
    for (const row of rows) byMessage.set(row.id, row.reactions);
    return byMessage;
  }
}
