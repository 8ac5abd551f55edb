import { AuditAction, AuditEventDto, UserDto } from '../../../core/api/model';

/** The filter's names for each kind of event. */
export const AUDIT_ACTION_LABELS: Readonly<Record<AuditAction, string>> = {
  'admin.bootstrapped': 'First admin',
  'user.role_changed': 'Role changed',
  'user.deactivated': 'Deactivated',
  'user.reactivated': 'Reactivated',
  'settings.changed': 'Settings changed',
  'invite.created': 'Invite created',
  'invite.used': 'Invite used',
  'invite.revoked': 'Invite revoked',
  'account.password_changed': 'Password changed',
  'account.password_reset_requested': 'Password reset requested',
  'account.password_reset': 'Password reset',
  'account.reset_link_created': 'Reset link created',
  'account.email_changed': 'Email changed',
  'account.email_verified': 'Email verified',
  'account.two_factor_enabled': 'Two-factor on',
  'account.two_factor_disabled': 'Two-factor off',
  'account.recovery_code_used': 'Recovery code used',
  'account.deleted': 'Account deleted',
  'account.verification_resent': 'Verification mail resent',
  'account.sso_signed_in': 'Signed in by SSO',
  'account.sso_linked': 'SSO linked',
  'account.sso_unlinked': 'SSO unlinked',
  'account.export_requested': 'Data export requested',
  'account.export_downloaded': 'Data export downloaded',
  'session.ended': 'Session ended',
  'widget.created': 'Widget created',
  'widget.updated': 'Widget changed',
  'widget.deleted': 'Widget deleted',
  'session.ended_others': 'Other sessions ended',
  'user.support_changed': 'Support team changed',
  'inbox.claimed': 'Visitor claimed',
  'inbox.closed': 'Visitor handed back',
  'retention.purged': 'Old messages deleted',
  'keys.rotation.started': 'Key rotation started',
  'keys.rotation.finished': 'Key rotation finished',
};

const SETTING_NAMES: Readonly<Record<string, string>> = {
  workspaceName: 'workspace name',
  registrationMode: 'registration',
  membersCanInvite: 'members may invite',
  membersCanCreateChannels: 'members may create channels',
  retentionDays: 'message retention (days)',
};

/**
 * One line saying what happened: "Alice deactivated @bob". `people` names the actors the store
 * has looked up; one not (yet) known is shown by a short id.
 */
export function describeAuditEvent(
  event: AuditEventDto,
  people: ReadonlyMap<string, UserDto | null>,
): string {
  const details = event.details as Record<string, unknown>;
  const actor =
    event.actorId !== null
      ? nameOf(event.actorId, people)
      : details['via'] === 'worker'
        ? 'A worker'
        : details['via'] === 'system'
          ? 'The server'
          : 'The command line';
  const subject = nameOf(event.targetId, people);
  const target = typeof details['username'] === 'string' ? `@${details['username']}` : 'someone';
  switch (event.action) {
    case 'admin.bootstrapped':
      return `${actor} became the first admin`;
    case 'user.role_changed':
      return `${actor} changed ${target}’s role from ${String(details['from'])} to ${String(details['to'])}`;
    case 'user.deactivated':
      return `${actor} deactivated ${target}`;
    case 'user.reactivated':
      return `${actor} reactivated ${target}`;
    case 'settings.changed':
      return `${actor} changed ${describeChanges(details['changes'])}`;
    case 'invite.created':
      return `${actor} created an invite${usesText(details['maxUses'])}`;
    case 'invite.used':
      return `${actor} joined with an invite`;
    case 'invite.revoked':
      return `${actor} revoked an invite`;
    case 'account.password_changed':
      return `${actor} changed their password`;
    case 'account.password_reset_requested':
      return `A password reset was requested for ${subject}`;
    case 'account.password_reset':
      return `${subject} reset their password`;
    case 'account.reset_link_created':
      return `${actor} created a password reset link for ${subject}`;
    case 'account.email_changed':
      return `${actor} changed their email`;
    case 'account.email_verified':
      return `${actor} verified their email`;
    case 'account.two_factor_enabled':
      return `${actor} turned on two-factor sign-in`;
    case 'account.two_factor_disabled':
      return `${actor} turned off two-factor sign-in`;
    case 'account.recovery_code_used':
      return `${actor} signed in with a recovery code`;
    case 'account.deleted':
      return `${target} deleted their account`;
    case 'account.verification_resent':
      return `${actor} asked for a new verification mail`;
    case 'account.sso_signed_in':
      return details['accountCreated'] === true
        ? `${actor} joined by single sign-on`
        : `${actor} signed in by single sign-on`;
    case 'account.sso_linked':
      return `${actor} linked single sign-on`;
    case 'account.sso_unlinked':
      return `${actor} unlinked single sign-on`;
    case 'account.export_requested':
      return `${actor} asked for an export of their data`;
    case 'account.export_downloaded':
      return `The data export of ${subject} was downloaded by its link`;
    case 'session.ended':
      return `${actor} ended one of their sessions`;
    case 'session.ended_others':
      return `${actor} signed out their other sessions`;
    case 'widget.created':
      return `${actor} created the widget ${widgetName(details)}`;
    case 'widget.updated':
      return `${actor} changed the widget ${widgetName(details['after'])}`;
    case 'widget.deleted':
      return `${actor} deleted the widget ${widgetName(details)}`;
    case 'user.support_changed':
      return details['support'] === true
        ? `${actor} put ${target} on the support team`
        : `${actor} took ${target} off the support team`;
    case 'inbox.claimed':
      return `${actor} claimed a visitor's conversation`;
    case 'inbox.closed':
      return `${actor} handed a visitor back to the bot`;
    case 'retention.purged':
      return `Retention deleted ${countOf(details['messages'], 'message')} older than ${countOf(details['retentionDays'], 'day')} and ${countOf(details['files'], 'file')}`;
    case 'keys.rotation.started':
      return `${actor} started re-encrypting stored data under the key ${String(details['keyId'])}`;
    case 'keys.rotation.finished':
      return `Stored data is now under the key ${String(details['keyId'])}`;
  }
}

/** "1 message", "3 files"; a count the details lack reads "some messages". */
function countOf(value: unknown, noun: string): string {
  if (typeof value !== 'number') return `some ${noun}s`;
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}

/** A widget's name from its audit details (`{name, ...}`), quoted. */
function widgetName(details: unknown): string {
  const name =
    typeof details === 'object' && details !== null
      ? (details as Record<string, unknown>)['name']
      : undefined;
  return typeof name === 'string' ? `“${name}”` : '';
}

function nameOf(id: string | null, people: ReadonlyMap<string, UserDto | null>): string {
  if (id === null) return 'someone';
  return people.get(id)?.displayName ?? `User ${id.slice(0, 8)}`;
}

function usesText(maxUses: unknown): string {
  if (typeof maxUses !== 'number') return ' with no use limit';
  return maxUses === 1 ? ' for one person' : ` for ${maxUses} people`;
}

function describeChanges(changes: unknown): string {
  if (typeof changes !== 'object' || changes === null) return 'the settings';
  const parts = Object.entries(changes as Record<string, { from?: unknown; to?: unknown }>).map(
    ([key, change]) =>
      `${SETTING_NAMES[key] ?? key}: ${showValue(change?.from)} → ${showValue(change?.to)}`,
  );
  return parts.length > 0 ? parts.join('; ') : 'the settings';
}

function showValue(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return typeof value === 'string' || typeof value === 'number'
    ? String(value)
    : JSON.stringify(value);
}
