import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../users/user.entity';

/**
 * A person's TOTP (RFC 6238) second factor: set up (`secret`), then on once a code proved the
 * authenticator has it (`enabledAt`).
 */
@Entity('two_factor')
export class TwoFactorEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  /**
   * The shared secret, base32. Read and written only through `TwoFactorRepository`'s secret
   * accessors, the one place encryption at rest will wrap.
   */
  @Column({ name: 'secret', type: 'varchar', length: 512 })
  secret: string;

  @Column({ name: 'enabled_at', type: 'timestamptz', nullable: true })
  enabledAt: Date | null;

  /** The last time step a code was accepted for: a code works once (no replay). */
  @Column({ name: 'last_step', type: 'bigint', nullable: true })
  lastStep: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
