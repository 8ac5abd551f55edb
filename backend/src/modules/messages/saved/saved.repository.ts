import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class SavedRepository {
  constructor(private readonly dataSource: DataSource) {}

  async save(userId: string, messageId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO saved_messages (user_id, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [userId, messageId],
    );
  }

  async unsave(userId: string, messageId: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM saved_messages WHERE user_id = $1 AND message_id = $2`,
      [userId, messageId],
    );
  }

  /**
   * The user's saved messages in conversations they are still in, newest first, after the
   * keyset cursor (index `saved_messages_user_idx`).
   */
  list(
    userId: string,
    after: { savedAt: string; messageId: string } | null,
    limit: number,
  ): Promise<{ message_id: string; saved_at: Date }[]> {
    return this.dataSource.query(
      `SELECT s.message_id, s.saved_at FROM saved_messages s
         JOIN messages m ON m.id = s.message_id
         JOIN conversation_members cm
           ON cm.conversation_id = m.conversation_id AND cm.user_id = s.user_id
        WHERE s.user_id = $1
          AND ($2::timestamptz IS NULL OR (s.saved_at, s.message_id) < ($2, $3::uuid))
        ORDER BY s.saved_at DESC, s.message_id DESC
        LIMIT $4`,
      [userId, after?.savedAt ?? null, after?.messageId ?? null, limit],
    );
  }
}
