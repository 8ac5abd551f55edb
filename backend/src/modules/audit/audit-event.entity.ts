import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AuditAction } from './audit-action';

/**
 * One administrative or security event. Append-only: a trigger refuses UPDATE and DELETE (see
 * the migration), and no code path has either. No foreign keys: the log outlives what it names.
 */
@Entity('audit_events')
export class AuditEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /**
   * The order events were written in, which timestamps cannot give (several share a
   * millisecond); pages are cut by it. A bigint, which the driver reads as a string.
   */
  @Index('audit_events_seq_key', { unique: true })
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS' })
  seq: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: AuditAction;

  @Column({ name: 'target_id', type: 'uuid', nullable: true })
  targetId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: Record<string, unknown>;
}
