import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MessageEntity } from '../message.entity';

/**
 * A thread's live summary, one row per root with replies: kept by `record_thread_reply`
 * (src/database/sql/) in the transaction of each reply, under the conversation's row lock.
 */
@Entity('message_threads')
export class MessageThreadEntity {
  @PrimaryColumn({ name: 'root_id', type: 'uuid' })
  rootId: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId: string;

  @Column({ name: 'reply_count', type: 'int', default: 0 })
  replyCount: number;

  @Column({ name: 'last_reply_seq', type: 'bigint' })
  lastReplySeq: string;

  @Column({ name: 'last_reply_at', type: 'timestamptz' })
  lastReplyAt: Date;

  /** Who replied, in the order of their first reply. */
  @Column({ name: 'participant_ids', type: 'uuid', array: true, default: () => "'{}'" })
  participantIds: string[];

  @ManyToOne(() => MessageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'root_id' })
  root?: MessageEntity;
}
