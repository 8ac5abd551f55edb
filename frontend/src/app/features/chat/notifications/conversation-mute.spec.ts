import { conversation } from '../data-access/chat.testing';
import { mutedNow, titleUnread } from './conversation-mute';

const NOW = Date.parse('2026-03-12T10:00:00Z');

describe('mutes', () => {
  it('a timed mute is in force until its end; an open one until unmuted', () => {
    expect(mutedNow(conversation({ muted: true, mutedUntil: null }), NOW)).toBe(true);
    expect(mutedNow(conversation({ muted: true, mutedUntil: '2026-03-12T10:30:00Z' }), NOW)).toBe(
      true,
    );
    expect(mutedNow(conversation({ muted: true, mutedUntil: '2026-03-12T09:59:59Z' }), NOW)).toBe(
      false,
    );
    expect(mutedNow(conversation({ muted: false }), NOW)).toBe(false);
  });

  it('the title counts a muted chat only by its mentions, until the mute ends', () => {
    const loud = conversation({ id: 'a', unreadCount: 3 });
    const quiet = conversation({
      id: 'b',
      unreadCount: 5,
      mentionCount: 1,
      muted: true,
      mutedUntil: '2026-03-12T11:00:00Z',
    });
    expect(titleUnread([loud, quiet], NOW)).toBe(4);
    expect(titleUnread([loud, quiet], Date.parse('2026-03-12T11:00:01Z'))).toBe(8);
  });
});
