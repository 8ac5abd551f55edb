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
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who did it: a signed-in user through the API, or an operator through the CLI (no user). */
export interface AuditActor {
  userId: string | null;
  via: 'api' | 'cli';
}

/** The operator at a shell: `node backend/dist/cli.js ...`. */
export const CLI_ACTOR: AuditActor = { userId: null, via: 'cli' };

export const apiActor = (userId: string): AuditActor => ({ userId, via: 'api' });
