import type { SystemEvent } from '../messages/system-event';

/** How many names a line spells out before "and N others". */
const NAMED = 3;

/** "bob", "bob and carol", "bob, carol and dave", "bob, carol, dave and 2 others". */
function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  if (names.length <= NAMED) return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const rest = names.length - NAMED;
  return `${names.slice(0, NAMED).join(', ')} and ${rest} ${rest === 1 ? 'other' : 'others'}`;
}

/**
 * The English line a system message carries beside its structured event (clients that
 * translate render the event instead). `nameOf` gives a user's display name.
 */
export function describeSystemEvent(
  event: SystemEvent,
  nameOf: (userId: string) => string,
): string {
  const actor = nameOf(event.actorId);
  const users = listNames((event.userIds ?? []).map(nameOf));
  switch (event.action) {
    case 'created':
      return `${actor} created the group “${event.title}”${users ? ` with ${users}` : ''}`;
    case 'renamed':
      return `${actor} renamed the group to “${event.title}”`;
    case 'members_added':
      return `${actor} added ${users}`;
    case 'member_removed':
      return `${actor} removed ${users}`;
    case 'member_left':
      return `${actor} left`;
    case 'role_changed':
      return `${actor} made ${users} ${event.role === 'admin' ? 'an admin' : 'a member'}`;
    case 'ownership_transferred':
      return `${users} is now the owner`;
    case 'channel_created':
      return `${actor} created the channel #${event.title}`;
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
    case 'handoff_requested':
      return `${actor} asked for a person`;
    case 'handoff_claimed':
      return `${actor} joined the conversation`;
    case 'handoff_closed':
      return `${actor} handed back to ${users}`;
  }
}
