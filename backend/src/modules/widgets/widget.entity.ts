import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { UserEntity } from '../users/user.entity';

/** A chat widget a shop embeds: which bot answers, on which sites, with what greeting. */
@Entity('widgets')
export class WidgetEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ name: 'bot_user_id', type: 'uuid' })
  botUserId: string;

  /** Origins (`https://shop.example`) whose pages may open sessions; exact matches only. */
  @Column({ name: 'allowed_origins', type: 'text', array: true })
  allowedOrigins: string[];

  @Column({ type: 'varchar', length: 500, nullable: true })
  greeting: string | null;

  /** Visitors may ask for a person (the support inbox). */
  @Column({ type: 'boolean', default: false })
  handoff: boolean;

  /** The admin who created it; null when made at start (the demo shop's). */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'bot_user_id' })
  bot?: UserEntity;
}
