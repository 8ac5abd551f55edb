import { MessageDto, ReactionDto } from '../../../../core/api/model';
import {
  applyReactionEvent,
  hasReacted,
  joinNames,
  reactionLabel,
  reactorNames,
  withReaction,
} from './reaction-set';

const thumbs = (...userIds: string[]): ReactionDto => ({
  emoji: '👍',
  count: userIds.length,
  userIds,
});

describe('reaction set', () => {
  it('adds a first reaction last, and joins an existing one', () => {
    const heart: ReactionDto = { emoji: '❤️', count: 1, userIds: ['b'] };
    expect(withReaction([heart], '👍', 'me', true)).toEqual([heart, thumbs('me')]);
    expect(withReaction([thumbs('a'), heart], '👍', 'me', true)).toEqual([
      thumbs('a', 'me'),
      heart,
    ]);
  });

  it('removes the user, and the emoji when nobody is left', () => {
    expect(withReaction([thumbs('a', 'me')], '👍', 'me', false)).toEqual([thumbs('a')]);
    expect(withReaction([thumbs('me')], '👍', 'me', false)).toEqual([]);
  });

  it('returns the same set when nothing changes (already on, or already off)', () => {
    const set = [thumbs('me')];
    expect(withReaction(set, '👍', 'me', true)).toBe(set);
    expect(withReaction(set, '🎉', 'me', false)).toBe(set);
    expect(hasReacted(set, '👍', 'me')).toBe(true);
    expect(hasReacted(set, '👍', 'other')).toBe(false);
  });

  it('applies reaction:updated to its message only, never to a tombstone', () => {
    const message = { id: 'm1', deletedAt: null, reactions: [] } as unknown as MessageDto;
    const event = { conversationId: 'c', messageId: 'm1', reactions: [thumbs('a')] };
    expect(applyReactionEvent(message, event).reactions).toEqual([thumbs('a')]);
    expect(applyReactionEvent(message, { ...event, messageId: 'm2' })).toBe(message);
    const deleted = { ...message, deletedAt: '2026-01-01T00:00:00Z' };
    expect(applyReactionEvent(deleted, event)).toBe(deleted);
  });

  it('labels chips for screen readers', () => {
    expect(reactionLabel(thumbs('a', 'me'), 'me')).toBe('👍 2 reactions, including you');
    expect(reactionLabel(thumbs('a'), 'me')).toBe('👍 1 reaction');
    expect(reactionLabel(thumbs('me'), 'me')).toBe('👍 1 reaction, yours');
  });

  it('names who reacted', () => {
    const names = reactorNames(thumbs('a', 'me', 'gone'), 'me', (id) =>
      id === 'a' ? 'Alice' : undefined,
    );
    expect(names).toEqual(['Alice', 'You', 'Someone']);
    expect(joinNames(names)).toBe('Alice, You and Someone');
    expect(joinNames(['Alice'])).toBe('Alice');
  });
});
