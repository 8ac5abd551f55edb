import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { returnedRows } from '../../../database/query-rows';

/** A message the retention rule deleted: enough to tell the room and to free its files. */
export interface PurgedMessage {
  id: string;
  conversationId: string;
  seq: number;
  attachmentIds: string[];
}

/**
 * Deletes messages older than the cutoff, one bounded batch per call (one short transaction).
 *
 * The rule for threads: a thread is kept or deleted as a whole, by its newest message (the root
 * stays while any reply is inside retention, and its replies stay with it), so nobody sees a
 * reply without its root or a root whose replies vanished. Replies go before their roots (the
 * root's delete would cascade to replies this batch did not count). Pins, reactions, saves,
 * reminders and follows of a deleted message go with it (their foreign keys cascade): a pin does
 * not exempt a message, as in Mattermost's data retention: retention is a promise about age.
 *
 * Read markers move up to the newest deleted message of each conversation, so an unread count
 * (last seq - read marker) never counts messages that no longer exist; they never move back.
 */
const PURGE_SQL = `
  WITH doomed AS (
    SELECT m.id FROM messages m
     WHERE m.created_at < $1
       AND NOT EXISTS (SELECT 1 FROM messages r
                        WHERE r.thread_root_id = COALESCE(m.thread_root_id, m.id)
                          AND r.created_at >= $1)
     ORDER BY (m.thread_root_id IS NULL), m.created_at
     LIMIT $2
     FOR UPDATE SKIP LOCKED
  )
  DELETE FROM messages m USING doomed WHERE m.id = doomed.id
  RETURNING m.id, m.conversation_id AS "conversationId", m.seq::text AS seq,
            m.attachment_ids AS "attachmentIds"`;

const MARKERS_SQL = `
  UPDATE conversation_members cm SET last_read_seq = p.seq
    FROM (SELECT c AS conversation_id, max(s) AS seq
            FROM unnest($1::uuid[], $2::bigint[]) AS x(c, s) GROUP BY c) p
   WHERE cm.conversation_id = p.conversation_id AND cm.last_read_seq < p.seq`;

@Injectable()
export class MessageRetention {
  constructor(private readonly dataSource: DataSource) {}

  async purgeBatch(cutoff: Date, limit: number): Promise<PurgedMessage[]> {
    return this.dataSource.transaction(async (manager) => {
      const rows = returnedRows<Omit<PurgedMessage, 'seq'> & { seq: string }>(
        await manager.query(PURGE_SQL, [cutoff, limit]),
      );
      if (rows.length === 0) return [];
      await manager.query(MARKERS_SQL, [rows.map((r) => r.conversationId), rows.map((r) => r.seq)]);
      return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
    });
  }
}
