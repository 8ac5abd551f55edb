import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export type ConversationType = 'direct' | 'group';

@Entity('conversations')
export class ConversationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 16 })
  type: ConversationType;

  @Column({ type: 'varchar', length: 100, nullable: true })
  title: string | null;

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
