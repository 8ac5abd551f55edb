import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { returnedRows } from '../../../database/query-rows';
import { ReadRouting } from '../../../database/read-routing';
import { MESSAGE_COLUMNS, messageFromRow, type AppendedRow } from '../append-message';
import type { ThreadSummaryDto } from '../dto/message.dto';
import type { MessageEntity } from '../message.entity';
import { MessageText } from '../message-text';

export interface ThreadSummaryRow {
  root_id: string;
  reply_count: number;
  last_reply_at: Date;
  participant_ids: string[];
}

export interface FollowedThreadRow extends ThreadSummaryRow {
  last_read_seq: string;
  unread: number;
}

export const toThreadSummary = (row: ThreadSummaryRow): ThreadSummaryDto => ({
  replyCount: row.reply_count,
  lastReplyAt: new Date(row.last_reply_at).toISOString(),
  participantIds: row.participant_ids,
});

const REPLY_COLUMNS = MESSAGE_COLUMNS.map((c) => `m.${c}`).join(', ');

/** Threads' summaries, their replies, followers and read markers. */
@Injectable()
export class ThreadsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly text: MessageText,
    private readonly reads: ReadRouting,
  ) {}

  /** The summaries of those of `rootIds` that have replies (primary-key lookups). */
  summaries(rootIds: string[]): Promise<ThreadSummaryRow[]> {
    if (rootIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT root_id, reply_count, last_reply_at, participant_ids
         FROM message_threads WHERE root_id = ANY ($1::uuid[])`,
      [rootIds],
    );
  }

  /**
   * A page of a thread's replies in the partial index `messages_thread_idx`: the newest, older
   * than `beforeSeq`, or newer than `afterSeq`; ascending.
   */
  async replies(
    rootId: string,
    bound: { beforeSeq?: number; afterSeq?: number },
    limit: number,
  ): Promise<MessageEntity[]> {
    const ascending = bound.afterSeq !== undefined;
    const [filter, value] = ascending
      ? ['AND m.seq > $3', bound.afterSeq]
      : bound.beforeSeq !== undefined
        ? ['AND m.seq < $3', bound.beforeSeq]
        : ['', undefined];
    const rows = await this.reads.query<AppendedRow>(
      `SELECT ${REPLY_COLUMNS} FROM messages m
        WHERE m.thread_root_id = $1 ${filter}
        ORDER BY m.seq ${ascending ? 'ASC' : 'DESC'} LIMIT $2`,
      value === undefined ? [rootId, limit] : [rootId, limit, value],
    );
    const messages = this.text.openAll(rows.map(messageFromRow));
    return ascending ? messages : messages.reverse();
  }

  async follow(rootId: string, userId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO thread_followers (root_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [rootId, userId],
    );
  }

  async unfollow(rootId: string, userId: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM thread_followers WHERE root_id = $1 AND user_id = $2`,
      [rootId, userId],
    );
  }

  /**
   * Moves a follower's read marker forward (never back, never past the last reply); false when
   * the caller does not follow the thread.
   */
  async markRead(rootId: string, userId: string, seq: number): Promise<boolean> {
    const rows = returnedRows(
      await this.dataSource.query(
        `UPDATE thread_followers f
            SET last_read_seq = GREATEST(f.last_read_seq, LEAST($3::bigint,
                  (SELECT coalesce(max(last_reply_seq), 0) FROM message_threads
                    WHERE root_id = $1)))
          WHERE f.root_id = $1 AND f.user_id = $2
          RETURNING 1`,
        [rootId, userId, seq],
      ),
    );
    return rows.length > 0;
  }

  /**
   * The threads `userId` follows in conversations they are still in, unread first, then by the
   * newest reply, after the keyset cursor. Each unread count is a range scan of
   * `messages_thread_idx` after the follower's marker.
   */
  followed(
    userId: string,
    after: { unread: boolean; lastReplyAt: string; rootId: string } | null,
    limit: number,
  ): Promise<FollowedThreadRow[]> {
    return this.dataSource.query(
      `SELECT * FROM (
         SELECT t.root_id, t.reply_count, t.last_reply_at, t.participant_ids, f.last_read_seq,
                (SELECT count(*)::int FROM messages r
                  WHERE r.thread_root_id = f.root_id AND r.seq > f.last_read_seq
                    AND r.sender_id <> f.user_id) AS unread
           FROM thread_followers f
           JOIN message_threads t ON t.root_id = f.root_id
           JOIN conversation_members cm
             ON cm.conversation_id = t.conversation_id AND cm.user_id = f.user_id
          WHERE f.user_id = $1) x
        WHERE $2::boolean IS NULL
           OR ((x.unread > 0), x.last_reply_at, x.root_id) < ($2, $3::timestamptz, $4::uuid)
        ORDER BY (x.unread > 0) DESC, x.last_reply_at DESC, x.root_id DESC
        LIMIT $5`,
      [userId, after?.unread ?? null, after?.lastReplyAt ?? null, after?.rootId ?? null, limit],
    );
  }

  /**
   * Thread-only replies (not also sent to the conversation) after each member's read marker,
   * keyed `conversationId:userId`: the conversation's unread count leaves them out. A range
   * scan of the partial index `messages_thread_only_idx`, empty for conversations without
   * threads.
   */
  async threadOnlyCounts(
    markers: { conversationId: string; userId: string; lastReadSeq: string }[],
  ): Promise<Map<string, number>> {
    if (markers.length === 0) return new Map();
    const rows: { conversation_id: string; user_id: string; n: number }[] =
      await this.dataSource.query(
        `SELECT p.conversation_id, p.user_id,
                (SELECT count(*)::int FROM messages x
                  WHERE x.conversation_id = p.conversation_id AND x.seq > p.last_read_seq
                    AND x.thread_root_id IS NOT NULL AND NOT x.also_to_conversation) AS n
           FROM unnest($1::uuid[], $2::uuid[], $3::bigint[])
                AS p(conversation_id, user_id, last_read_seq)`,
        [
          markers.map((m) => m.conversationId),
          markers.map((m) => m.userId),
          markers.map((m) => m.lastReadSeq),
        ],
      );
    return new Map(rows.map((r) => [`${r.conversation_id}:${r.user_id}`, r.n]));
  }
}
