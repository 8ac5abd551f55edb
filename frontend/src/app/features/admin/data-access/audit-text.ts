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
    event.actorId === null
      ? 'The command line'
      : (people.get(event.actorId)?.displayName ?? `User ${event.actorId.slice(0, 8)}`);
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
  }
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
