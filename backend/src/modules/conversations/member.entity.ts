import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { UserEntity } from '../users/user.entity';
import { ConversationEntity } from './conversation.entity';

export type MemberRole = 'owner' | 'admin' | 'member';

@Entity('conversation_members')
@Index('conversation_members_user_idx', ['userId'])
export class MemberEntity {
  @PrimaryColumn({ name: 'conversation_id', type: 'uuid' })
  conversationId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 16, default: 'member' })
  role: MemberRole;

  /** Highest seq this member has read; only ever moves forward. */
  @Column({ name: 'last_read_seq', type: 'bigint', default: 0 })
  lastReadSeq: string;

  /** No notifications or push for this conversation, except a direct @mention. */
  @Column({ default: false })
  muted: boolean;

  /** When a mute ends by itself; null while `muted` lasts until turned off. */
  @Column({ name: 'muted_until', type: 'timestamptz', nullable: true })
  mutedUntil: Date | null;

  /** Highest seq this member's devices have received; only ever moves forward. */
  @Column({ name: 'last_delivered_seq', type: 'bigint', default: 0 })
  lastDeliveredSeq: string;

  @CreateDateColumn({ name: 'joined_at', type: 'timestamptz' })
  joinedAt: Date;

  @ManyToOne(() => ConversationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversation_id' })
  conversation?: ConversationEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;
}
