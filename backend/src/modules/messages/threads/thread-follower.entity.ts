import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../../users/user.entity';
import { MessageEntity } from '../message.entity';

/** Someone following a thread, with their read marker in it (a seq of the conversation). */
@Entity('thread_followers')
@Index('thread_followers_user_idx', ['userId'])
export class ThreadFollowerEntity {
  @PrimaryColumn({ name: 'root_id', type: 'uuid' })
  rootId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'last_read_seq', type: 'bigint', default: 0 })
  lastReadSeq: string;

  @ManyToOne(() => MessageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'root_id' })
  root?: MessageEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;
}
