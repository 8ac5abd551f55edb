// What a group's system messages change in a cached conversation summary, and how profile
// changes reach it. Pure, so it is tested alone.
import { ConversationSummaryDto, MemberDto, MessageDto, UserDto } from '../../../../core/api/model';

export interface SystemEventResult {
  readonly summary: ConversationSummaryDto;
  /** People added whose profile the client does not have: to fetch, then `withMembersAdded`. */
  readonly missing: readonly string[];
}

/**
 * Applies a system message's change: the title, who is a member, and their roles. The server
 * sends the full summary only to people just added; everyone else keeps theirs current this way.
 */
export function withSystemEvent(
  summary: ConversationSummaryDto,
  message: MessageDto,
  knownUser: (id: string) => UserDto | undefined,
): SystemEventResult {
  const event = message.system;
  if (!event) return { summary, missing: [] };
  const targets = event.userIds ?? [];
  switch (event.action) {
    case 'renamed':
      return { summary: { ...summary, title: event.title ?? summary.title }, missing: [] };
    case 'members_added': {
      const memberIds = new Set(summary.members.map((member) => member.user.id));
      const fresh = targets.filter((id) => !memberIds.has(id));
      const known = fresh.map(knownUser).filter((user) => user !== undefined);
      return {
        summary: withMembersAdded(summary, known, message.seq - 1),
        missing: fresh.filter((id) => knownUser(id) === undefined),
      };
    }
    case 'member_removed':
      return { summary: withoutMembers(summary, targets), missing: [] };
    case 'member_left':
      return { summary: withoutMembers(summary, [event.actorId]), missing: [] };
    case 'role_changed':
      return {
        summary: withRoles(summary, targets, event.role ?? 'member'),
        missing: [],
      };
    case 'ownership_transferred':
      // The previous owner has left (their own `member_left` came first).
      return {
        summary: withRoles(withoutMembers(summary, [event.actorId]), targets, 'owner'),
        missing: [],
      };
    default:
      return { summary, missing: [] };
  }
}

/**
 * New members with the role `member`; their read marker starts just before the message that
 * added them, as the server's does.
 */
export function withMembersAdded(
  summary: ConversationSummaryDto,
  users: readonly UserDto[],
  lastReadSeq: number,
): ConversationSummaryDto {
  const memberIds = new Set(summary.members.map((member) => member.user.id));
  const added = users
    .filter((user) => !memberIds.has(user.id))
    .map((user): MemberDto => ({
      user,
      role: 'member',
      lastReadSeq,
      lastDeliveredSeq: lastReadSeq,
    }));
  return added.length === 0 ? summary : { ...summary, members: [...summary.members, ...added] };
}

function withoutMembers(
  summary: ConversationSummaryDto,
  userIds: readonly string[],
): ConversationSummaryDto {
  return {
    ...summary,
    members: summary.members.filter((member) => !userIds.includes(member.user.id)),
  };
}

function withRoles(
  summary: ConversationSummaryDto,
  userIds: readonly string[],
  role: MemberDto['role'],
): ConversationSummaryDto {
  return {
    ...summary,
    members: summary.members.map((member) =>
      userIds.includes(member.user.id) ? { ...member, role } : member,
    ),
  };
}

/** Someone's current profile in a summary: as a member, and as the last message's sender. */
export function withUser(summary: ConversationSummaryDto, user: UserDto): ConversationSummaryDto {
  const isMember = summary.members.some((member) => member.user.id === user.id);
  const isSender = summary.lastMessage?.sender.id === user.id;
  if (!isMember && !isSender) return summary;
  return {
    ...summary,
    members: isMember
      ? summary.members.map((member) => (member.user.id === user.id ? { ...member, user } : member))
      : summary.members,
    lastMessage:
      isSender && summary.lastMessage
        ? { ...summary.lastMessage, sender: user }
        : summary.lastMessage,
  };
}
