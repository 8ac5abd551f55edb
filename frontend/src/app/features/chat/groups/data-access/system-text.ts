// A system message as a line of the timeline (and the list's preview), in the reader's terms:
// "You added Bob and Carol", "Alice made you an admin". Pure, so it is tested alone.
import { MessageDto } from '../../../../core/api/model';

/**
 * The line for a group change, from its structured event and the names the client knows; the
 * server's own sentence (`body`) when a name is unknown (someone who has left since).
 */
export function systemText(
  message: Pick<MessageDto, 'body' | 'sender' | 'system'>,
  nameOf: (userId: string) => string | undefined,
  myId: string,
): string {
  const event = message.system;
  const fallback = message.body ?? '';
  if (!event) return fallback;
  const name = (id: string, start: boolean): string | undefined => {
    if (id === myId) return start ? 'You' : 'you';
    return id === message.sender.id ? message.sender.displayName : nameOf(id);
  };
  const actor = name(event.actorId, true);
  const targets = (event.userIds ?? []).map((id) => name(id, false));
  if (actor === undefined || targets.some((target) => target === undefined)) return fallback;
  const people = listOf(targets as string[]);
  switch (event.action) {
    case 'created':
      return `${actor} created the group “${event.title ?? ''}”`;
    case 'renamed':
      return `${actor} renamed the group to “${event.title ?? ''}”`;
    case 'members_added':
      return `${actor} added ${people}`;
    case 'member_removed':
      return `${actor} removed ${people}`;
    case 'member_left':
      return `${actor} left`;
    case 'role_changed':
      return event.role === 'admin'
        ? `${actor} made ${people} ${targets.length > 1 ? 'admins' : 'an admin'}`
        : `${actor} removed ${people} as admin`;
    case 'ownership_transferred': {
      const owner = (event.userIds ?? [])[0] === myId ? 'You are' : `${people} is`;
      return `${owner} now the owner`;
    }
    default:
      return fallback;
  }
}

/** "Bob", "Bob and Carol", "Bob, Carol and Dave". */
export function listOf(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
