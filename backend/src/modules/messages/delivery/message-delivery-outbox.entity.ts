import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A message whose `message:new` may not have gone out yet. A trigger writes the row in the
 * message's own transaction (src/database/sql/record_message_delivery.sql), whatever path inserted
 * the message; the instance that committed it deletes the row once it has published, and every
 * API instance's relay publishes rows left behind (the committing process died in between).
 * Rows live for milliseconds, so the table stays tiny and needs no index beyond its key.
 */
@Entity('message_delivery_outbox')
export class MessageDeliveryOutboxEntity {
  @PrimaryColumn({ name: 'message_id', type: 'uuid' })
  messageId: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId: string;

  @Column({ type: 'bigint' })
  seq: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;
}
