// A system message as a line of the timeline, the list's preview and a search hit, in the
// reader's terms: "You added Bob and Carol", "Alice made you an admin". The one renderer of
// system lines: every path gives the same line. Pure, so it is tested alone.
import { MessageDto } from '../../../../core/api/model';

/**
 * The line for a group change, from its structured event: names the client knows (current),
 * else the names the event recorded (someone who left since, after a reload). The server's own
 * sentence (`body`) only for a line that recorded no names and names someone unknown.
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
    const known = id === message.sender.id ? message.sender.displayName : nameOf(id);
    return known ?? event.names?.[id];
  };
  const actor = name(event.actorId, true);
  const targets = (event.userIds ?? []).map((id) => name(id, false));
  if (actor === undefined || targets.some((target) => target === undefined)) return fallback;
  const people = listOf(targets as string[]);
  switch (event.action) {
    case 'created':
      return `${actor} created the group “${event.title ?? ''}”${people ? ` with ${people}` : ''}`;
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
    case 'channel_created':
      return `${actor} created the channel #${event.title ?? ''}`;
    case 'member_joined':
      return `${actor} joined`;
    case 'topic_changed':
      return event.topic
        ? `${actor} set the topic to “${event.topic}”`
        : `${actor} cleared the topic`;
    case 'archived':
      return `${actor} archived the conversation`;
    case 'unarchived':
      return `${actor} unarchived the conversation`;
    case 'message_pinned':
      return `${actor} pinned a message`;
    default:
      return fallback;
  }
}

/** "Bob", "Bob and Carol", "Bob, Carol and Dave". */
export function listOf(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
