import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { ConversationEntity } from '../conversations/conversation.entity';
import { UserEntity } from '../users/user.entity';

/**
 * `sending`: a worker claimed it and is sending; a redelivered job resends with the same client
 * id, which the send path answers with the message already made.
 */
export type ScheduledStatus = 'scheduled' | 'sending' | 'sent' | 'failed' | 'cancelled';

/** A message its author asked to be sent later: the truth its delayed job reads. */
@Entity('scheduled_messages')
/** "My scheduled messages", per conversation or all, soonest first. */
@Index('scheduled_messages_author_idx', ['authorId', 'status', 'sendAt'])
/** Retrying the POST with the same clientMessageId schedules nothing more. */
@Index('scheduled_messages_client_id_key', ['authorId', 'clientMessageId'], { unique: true })
export class ScheduledMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId: string;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @Column({ name: 'client_message_id', type: 'varchar', length: 64 })
  clientMessageId: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'send_at', type: 'timestamptz' })
  sendAt: Date;

  @Column({ type: 'varchar', length: 16, default: 'scheduled' })
  status: ScheduledStatus;

  /** Why it was not sent (status `failed`). */
  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason: string | null;

  /** The message it became (status `sent`). */
  @Column({ name: 'message_id', type: 'uuid', nullable: true })
  messageId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => ConversationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversation_id' })
  conversation?: ConversationEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'author_id' })
  author?: UserEntity;
}
