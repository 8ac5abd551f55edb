import { Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn } from 'typeorm';
import { ConversationEntity } from '../conversations/conversation.entity';
import { UserEntity } from '../users/user.entity';

export const HANDOFF_STATUSES = ['waiting', 'claimed', 'closed'] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

/**
 * A widget visitor's request for a person, one per visitor conversation: waiting for an agent,
 * claimed by one (the bot stays quiet: `request_bot_replies` reads this row), or closed (the
 * bot is back). Asking again reopens it.
 */
@Entity('visitor_handoffs')
@Index('visitor_handoffs_status_idx', ['status', 'requestedAt'])
@Index('visitor_handoffs_agent_idx', ['agentId', 'status'])
export class HandoffEntity {
  @PrimaryColumn({ name: 'conversation_id', type: 'uuid' })
  conversationId: string;

  @Column({ type: 'varchar', length: 16 })
  status: HandoffStatus;

  @Column({ name: 'agent_id', type: 'uuid', nullable: true })
  agentId: string | null;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @OneToOne(() => ConversationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversation_id' })
  conversation?: ConversationEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'agent_id' })
  agent?: UserEntity;
}
