import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../../users/user.entity';
import { MessageEntity } from '../message.entity';

/** A message someone saved for later: private to them. */
@Entity('saved_messages')
@Index('saved_messages_user_idx', ['userId', 'savedAt', 'messageId'])
export class SavedMessageEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ name: 'message_id', type: 'uuid' })
  messageId: string;

  @CreateDateColumn({ name: 'saved_at', type: 'timestamptz' })
  savedAt: Date;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @ManyToOne(() => MessageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id' })
  message?: MessageEntity;
}
