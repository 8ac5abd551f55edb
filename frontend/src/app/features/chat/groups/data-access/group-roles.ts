// Who may do what in a group, as the server decides it: the UI offers only what will be allowed.
import { ConversationSummaryDto, MemberDto, MemberRole } from '../../../../core/api/model';

/** The server's cap on a group's members, the owner included. */
export const MAX_GROUP_MEMBERS = 256;
/** The server's limit on a group's title, after trimming. */
export const MAX_TITLE_LENGTH = 100;

/** The user's role in the conversation; null when not (or no longer) a member. */
export function roleOf(conversation: ConversationSummaryDto, userId: string): MemberRole | null {
  return conversation.members.find((member) => member.user.id === userId)?.role ?? null;
}

/** Owners and admins rename the group and add or remove people. */
export function canManage(role: MemberRole | null): boolean {
  return role === 'owner' || role === 'admin';
}

/** Anyone but the owner (and oneself: that is leaving) can be removed by an owner or admin. */
export function canRemove(role: MemberRole | null, target: MemberDto, myId: string): boolean {
  return canManage(role) && target.role !== 'owner' && target.user.id !== myId;
}

/** Only the owner makes admins or takes it back. */
export function canChangeRole(role: MemberRole | null, target: MemberDto): boolean {
  return role === 'owner' && target.role !== 'owner';
}

const ROLE_ORDER: Readonly<Record<MemberRole, number>> = { owner: 0, admin: 1, member: 2 };

/** The owner first, then admins, then members; the user first among equals, then by name. */
export function sortMembers(members: readonly MemberDto[], myId: string): MemberDto[] {
  return [...members].sort(
    (a, b) =>
      ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
      Number(b.user.id === myId) - Number(a.user.id === myId) ||
      a.user.displayName.localeCompare(b.user.displayName),
  );
}

export function roleLabel(role: MemberRole): string | null {
  return role === 'member' ? null : role === 'owner' ? 'Owner' : 'Admin';
}
