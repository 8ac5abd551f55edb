/** Every kind of event the audit log records. */
export const AUDIT_ACTIONS = [
  'admin.bootstrapped',
  'user.role_changed',
  'user.deactivated',
  'user.reactivated',
  'settings.changed',
  'invite.created',
  'invite.used',
  'invite.revoked',
  'account.password_changed',
  'account.password_reset_requested',
  'account.password_reset',
  'account.reset_link_created',
  'account.email_changed',
  'account.email_verified',
  'account.two_factor_enabled',
  'account.two_factor_disabled',
  'account.recovery_code_used',
  'account.deleted',
  'account.verification_resent',
  'account.sso_signed_in',
  'account.sso_linked',
  'account.sso_unlinked',
  'account.export_requested',
  'account.export_downloaded',
  'session.ended',
  'session.ended_others',
  'widget.created',
  'widget.updated',
  'widget.deleted',
  'user.support_changed',
  'inbox.claimed',
  'inbox.closed',
  'retention.purged',
  'keys.rotation.started',
  'keys.rotation.finished',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Who did it: a signed-in user through the API, an operator through the CLI (no user), the
 * server's own scheduled work or a worker acting on its own (no user).
 */
export interface AuditActor {
  userId: string | null;
  via: 'api' | 'cli' | 'system' | 'worker';
}

/** The operator at a shell: `node backend/dist/cli.js ...`. */
export const CLI_ACTOR: AuditActor = { userId: null, via: 'cli' };

/** A scheduled job acting on a workspace setting (retention). */
export const SYSTEM_ACTOR: AuditActor = { userId: null, via: 'system' };

/** A background job that acts on its own (the key rotation a worker starts with new keys). */
export const WORKER_ACTOR: AuditActor = { userId: null, via: 'worker' };

export const apiActor = (userId: string): AuditActor => ({ userId, via: 'api' });
