import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export type ConversationType = 'direct' | 'group' | 'channel';

@Entity('conversations')
@Index('conversations_general_key', { synchronize: false })
@Index('conversations_channels_title_idx', { synchronize: false })
export class ConversationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 16 })
  type: ConversationType;

  @Column({ type: 'varchar', length: 100, nullable: true })
  title: string | null;

  /** A channel's topic (channels only). */
  @Column({ type: 'varchar', length: 250, nullable: true })
  topic: string | null;

  /** Set while the conversation is archived: readable, but nobody sends to it. */
  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  /** `#general`: the one channel every person joins on registration (see join_general_channel.sql). */
  @Column({ name: 'is_general', default: false })
  isGeneral: boolean;

  /** `<smaller user id>:<larger user id>` for direct conversations: one per pair. */
  @Index('conversations_direct_key', { unique: true })
  @Column({ name: 'direct_key', type: 'varchar', length: 73, nullable: true })
  directKey: string | null;

  /** Seq of the newest message; incremented under the row lock to number each message. */
  @Column({ name: 'last_seq', type: 'bigint', default: 0 })
  lastSeq: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Last activity (a message, a rename, a membership change): orders the conversation list. */
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
