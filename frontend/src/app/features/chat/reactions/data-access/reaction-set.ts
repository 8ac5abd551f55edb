// A message's reactions as pure functions: the optimistic toggle, labels and names. Tested alone.
import { MessageDto, ReactionDto, ReactionUpdatedEventDto } from '../../../../core/api/model';

/** Offered first: in the message menu and the long-press sheet. */
export const QUICK_REACTIONS: readonly string[] = ['👍', '❤️', '😂', '🎉', '😮', '😢'];

export function hasReacted(
  reactions: readonly ReactionDto[],
  emoji: string,
  userId: string,
): boolean {
  return reactions.some((r) => r.emoji === emoji && r.userIds.includes(userId));
}

/**
 * The set after the user adds (`on`) or removes their `emoji`, as the server would answer it: a
 * new emoji goes last, an emoji nobody uses any more disappears. Unchanged input comes back as is.
 */
export function withReaction(
  reactions: readonly ReactionDto[],
  emoji: string,
  userId: string,
  on: boolean,
): readonly ReactionDto[] {
  if (hasReacted(reactions, emoji, userId) === on) return reactions;
  const index = reactions.findIndex((r) => r.emoji === emoji);
  if (on) {
    if (index < 0) return [...reactions, { emoji, count: 1, userIds: [userId] }];
    const current = reactions[index];
    const next = [...reactions];
    next[index] = { emoji, count: current.count + 1, userIds: [...current.userIds, userId] };
    return next;
  }
  const current = reactions[index];
  const userIds = current.userIds.filter((id) => id !== userId);
  if (userIds.length === 0) return reactions.filter((_, i) => i !== index);
  const next = [...reactions];
  next[index] = { emoji, count: userIds.length, userIds };
  return next;
}

/**
 * `reaction:updated` applied to a loaded message: the event carries the whole set, so it simply
 * replaces ours. Another message, or a tombstone, is returned unchanged.
 */
export function applyReactionEvent(
  message: MessageDto,
  event: ReactionUpdatedEventDto,
): MessageDto {
  if (message.id !== event.messageId || message.deletedAt !== null) return message;
  return { ...message, reactions: event.reactions };
}

/** What a screen reader hears for a chip: "👍 2 reactions, including you". */
export function reactionLabel(reaction: ReactionDto, myId: string): string {
  const count = `${reaction.count} ${reaction.count === 1 ? 'reaction' : 'reactions'}`;
  const mine = reaction.userIds.includes(myId);
  if (mine && reaction.count === 1) return `${reaction.emoji} 1 reaction, yours`;
  return `${reaction.emoji} ${count}${mine ? ', including you' : ''}`;
}

/** Who reacted, by name ("You" for the user), in the order they did. */
export function reactorNames(
  reaction: ReactionDto,
  myId: string,
  nameOf: (userId: string) => string | undefined,
): string[] {
  return reaction.userIds.map((id) => (id === myId ? 'You' : (nameOf(id) ?? 'Someone')));
}

/** "Alice, Bob and You", for a tooltip. */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
