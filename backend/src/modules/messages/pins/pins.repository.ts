import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { returnedRows } from '../../../database/query-rows';
import { appendedMessage, appendMessageStatement, type NewMessage } from '../append-message';
import type { MessageEntity } from '../message.entity';

@Injectable()
export class PinsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Pins the message and writes `line` in the same transaction; null (and no line) when it
   * was pinned already.
   */
  pin(
    pin: { messageId: string; conversationId: string; userId: string },
    line: NewMessage,
  ): Promise<MessageEntity | null> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = returnedRows(
        await manager.query(
          `INSERT INTO message_pins (message_id, conversation_id, pinned_by) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING RETURNING 1`,
          [pin.messageId, pin.conversationId, pin.userId],
        ),
      );
      if (inserted.length === 0) return null;
      return appendedMessage(await manager.query(...appendMessageStatement(line)));
    });
  }

  /** True when the message was pinned (and is no longer). */
  async unpin(messageId: string): Promise<boolean> {
    const deleted = returnedRows(
      await this.dataSource.query(`DELETE FROM message_pins WHERE message_id = $1 RETURNING 1`, [
        messageId,
      ]),
    );
    return deleted.length > 0;
  }

  /** The conversation's pins, newest first (index `message_pins_conversation_idx`). */
  list(
    conversationId: string,
  ): Promise<{ message_id: string; pinned_by: string; pinned_at: Date }[]> {
    return this.dataSource.query(
      `SELECT message_id, pinned_by, pinned_at FROM message_pins
        WHERE conversation_id = $1 ORDER BY pinned_at DESC, message_id DESC`,
      [conversationId],
    );
  }
}
