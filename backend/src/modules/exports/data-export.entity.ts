import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { UserEntity } from '../users/user.entity';

export const DATA_EXPORT_STATUSES = ['running', 'ready', 'failed', 'expired'] as const;
export type DataExportStatus = (typeof DATA_EXPORT_STATUSES)[number];

/**
 * One archive a person asked for ("export my data"): built by the `data-exports` job into the
 * attachment storage, downloadable with a random token (stored as its SHA-256) until
 * `expiresAt`, then deleted by the sweep (`expired`).
 */
@Entity('data_exports')
@Check('data_exports_status_check', `"status" IN ('running', 'ready', 'failed', 'expired')`)
@Check('data_exports_progress_check', `"progress" BETWEEN 0 AND 100`)
/** At most one export runs per person: a second start finds the running one. */
@Index('data_exports_one_running_idx', ['userId'], { unique: true, where: `status = 'running'` })
/** A person's latest export. */
@Index('data_exports_user_created_idx', ['userId', 'createdAt'])
/** The sweep: ready exports past their expiry. */
@Index('data_exports_expiry_idx', ['expiresAt'], { where: `status = 'ready'` })
export class DataExportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'varchar', length: 16, default: 'running' })
  status: DataExportStatus;

  @Column({ type: 'smallint', default: 0 })
  progress: number;

  @Column({ name: 'storage_key', type: 'varchar', length: 255, nullable: true })
  storageKey: string | null;

  /** Bytes of the ZIP, once ready (bigint: a string from pg). */
  @Column({ type: 'bigint', nullable: true })
  size: string | null;

  @Column({ name: 'token_hash', type: 'char', length: 64, nullable: true })
  tokenHash: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;
}
