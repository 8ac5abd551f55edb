import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { RegistrationMode } from '../../config/app-config';

/**
 * The workspace's settings: one row (id 1), written by the first change. Until then the
 * defaults apply (REGISTRATION_MODE from the environment).
 */
@Entity('workspace_settings')
@Check('workspace_settings_single_row', `"id" = 1`)
@Check(
  'workspace_settings_registration_mode',
  `"registration_mode" IN ('open', 'invite', 'closed')`,
)
export class WorkspaceSettingsEntity {
  @PrimaryColumn({ type: 'smallint' })
  id: number;

  @Column({ name: 'workspace_name', type: 'varchar', length: 64 })
  workspaceName: string;

  @Column({ name: 'registration_mode', type: 'varchar', length: 16 })
  registrationMode: RegistrationMode;

  @Column({ name: 'members_can_invite', type: 'boolean' })
  membersCanInvite: boolean;

  @Column({ name: 'members_can_create_channels', type: 'boolean' })
  membersCanCreateChannels: boolean;

  /** Admins must have two-factor authentication on to use the admin API. */
  @Column({ name: 'require_two_factor_for_admins', type: 'boolean', default: false })
  requireTwoFactorForAdmins: boolean;

  /** Messages older than this many days are deleted; null keeps everything. */
  @Column({ name: 'retention_days', type: 'integer', nullable: true })
  retentionDays: number | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
