import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { MessageDeliveryOutboxEntity } from './message-delivery-outbox.entity';

/** A message still owed its `message:new`. */
export interface OwedDelivery {
  messageId: string;
  conversationId: string;
  seq: number;
}

@Injectable()
export class DeliveryOutboxRepository {
  constructor(
    @InjectRepository(MessageDeliveryOutboxEntity)
    private readonly outbox: Repository<MessageDeliveryOutboxEntity>,
  ) {}

  /** Settles announced messages: one statement for a whole batch. */
  async settle(messageIds: string[]): Promise<void> {
    if (messageIds.length === 0) return;
    await this.outbox.query(
      `DELETE FROM message_delivery_outbox WHERE message_id = ANY($1::uuid[])`,
      [messageIds],
    );
  }

  /**
   * Claims rows owed for longer than `olderThanMs` (their committing instance surely had time
   * to publish: it died or lost its connection), hands them to `publish`, then deletes them, in
   * one transaction. `SKIP LOCKED` lets every instance relay without two taking the same row; a
   * relay that dies mid-way leaves its rows to the next one.
   */
  async relayOverdue(
    olderThanMs: number,
    limit: number,
    publish: (owed: OwedDelivery[]) => Promise<void>,
  ): Promise<number> {
    return this.outbox.manager.transaction(async (manager) => {
      const rows: { message_id: string; conversation_id: string; seq: string }[] =
        await manager.query(
          `SELECT message_id, conversation_id, seq FROM message_delivery_outbox
            WHERE created_at < clock_timestamp() - make_interval(secs => $1)
            ORDER BY created_at LIMIT $2
            FOR UPDATE SKIP LOCKED`,
          [olderThanMs / 1000, limit],
        );
      if (rows.length === 0) return 0;
      await publish(
        rows.map((r) => ({
          messageId: r.message_id,
          conversationId: r.conversation_id,
          seq: Number(r.seq),
        })),
      );
      await manager.query(
        `DELETE FROM message_delivery_outbox WHERE message_id = ANY($1::uuid[])`,
        [rows.map((r) => r.message_id)],
      );
      return rows.length;
    });
  }
}
