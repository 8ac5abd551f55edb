import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { ConversationEntity } from '../conversations/conversation.entity';
import { UserEntity } from '../users/user.entity';
import { WidgetEntity } from './widget.entity';

/**
 * A widget visitor: their guest account, the one conversation their token reaches, and when
 * they were last active (the expiry job deletes those idle past GUEST_RETENTION_DAYS).
 */
@Entity('widget_guests')
@Index('widget_guests_last_active_idx', ['lastActiveAt'])
@Index('widget_guests_widget_idx', ['widgetId'])
@Index('widget_guests_conversation_idx', ['conversationId'])
export class WidgetGuestEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** Null once the widget is deleted: the visitor keeps their history until they expire. */
  @Column({ name: 'widget_id', type: 'uuid', nullable: true })
  widgetId: string | null;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId: string;

  /** The product page the visitor started on (`data-context`), for the bot's first answer. */
  @Column({ type: 'jsonb', nullable: true })
  context: { product?: string; category?: string } | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_active_at', type: 'timestamptz', default: () => 'now()' })
  lastActiveAt: Date;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @ManyToOne(() => WidgetEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'widget_id' })
  widget?: WidgetEntity;

  @ManyToOne(() => ConversationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversation_id' })
  conversation?: ConversationEntity;
}
