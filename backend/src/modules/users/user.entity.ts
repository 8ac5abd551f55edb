import {
  Check,
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { ServerRole } from './server-role';

@Entity('users')
@Check('users_server_role_check', `"server_role" IN ('admin', 'member', 'guest')`)
@Index('users_username_lower_key', { synchronize: false })
@Index('users_search_username_idx', { synchronize: false })
@Index('users_search_display_name_idx', { synchronize: false })
@Index('users_email_lower_idx', { synchronize: false })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /**
   * Stored lower-case; unique case-insensitively through `users_username_lower_key`. The C
   * collation lets one plain index serve prefix search and keyset ordering.
   */
  @Column({ type: 'varchar', length: 32, collation: 'C' })
  username: string;

  @Column({ name: 'display_name', type: 'varchar', length: 64 })
  displayName: string;

  @Column({ name: 'avatar_url', type: 'varchar', length: 2048, nullable: true })
  avatarUrl: string | null;

  /** Argon2id hash; null for bots, which never sign in. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true })
  passwordHash: string | null;

  /**
   * Where account mail goes (verification, password reset). Only the user and admins see it;
   * a reset by email is offered only once it is verified.
   */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ name: 'email_verified_at', type: 'timestamptz', nullable: true })
  emailVerifiedAt: Date | null;

  @Column({ name: 'is_bot', type: 'boolean', default: false })
  isBot: boolean;

  @Column({ name: 'server_role', type: 'varchar', length: 16, default: 'member' })
  serverRole: ServerRole;

  /** On the support team: sees the widget visitors' inbox (admins always do). */
  @Column({ type: 'boolean', default: false })
  support: boolean;

  /** Set while an admin has deactivated the account: no sign-in, no session, no socket. */
  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  /** When the user was last online (written when they go offline, at most once a minute). */
  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true })
  lastSeenAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
