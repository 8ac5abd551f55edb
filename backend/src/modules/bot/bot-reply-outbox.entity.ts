import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MessageEntity } from '../messages/message.entity';
import { UserEntity } from '../users/user.entity';

/**
 * A reply a bot owes, written by a database trigger in the same transaction as the message
 * that asks for it (src/database/sql/request_bot_replies.sql), so a committed message can never lose its
 * reply. Workers enqueue a row on its NOTIFY and sweep rows whose hand-off was missed; the row
 * goes when the reply is complete or finally failed.
 */
@Entity('bot_reply_outbox')
@Index('bot_reply_outbox_created_idx', ['createdAt'])
export class BotReplyOutboxEntity {
  @PrimaryColumn({ name: 'trigger_message_id', type: 'uuid' })
  triggerMessageId: string;

  @PrimaryColumn({ name: 'bot_id', type: 'uuid' })
  botId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => MessageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'trigger_message_id' })
  trigger?: MessageEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'bot_id' })
  bot?: UserEntity;
}
