import type { MessageDto } from '../dto/message.dto';
import {
  applyDeleted,
  applyNew,
  applyThread,
  CACHED_MESSAGES,
  newest,
  type NewestPage,
} from './newest-pages';

const message = (seq: number): MessageDto =>
  ({
    id: `m${seq}`,
    seq,
    body: `body ${seq}`,
    attachments: [],
    reactions: [],
  }) as unknown as MessageDto;
const pageOf = (from: number, to: number, hasOlder = from > 1): NewestPage => {
  const items = [];
  for (let seq = from; seq <= to; seq += 1) items.push(message(seq));
  return { items, hasOlder, bytes: 0 };
};

describe('a newest page kept in memory', () => {
  it('appends the next seq, ignores one it holds or older, and drops on a gap', () => {
    const page = pageOf(1, 3);
    expect(applyNew(page, message(4))).toBe('applied');
    expect(applyNew(page, message(4))).toBe('none');
    expect(applyNew(page, message(6))).toBe('drop');
    const later = pageOf(10, 12);
    expect(applyNew(later, message(5))).toBe('none');
  });

  it('keeps at most the largest page and the row after it, and knows then that more exist', () => {
    const page = pageOf(1, CACHED_MESSAGES, false);
    expect(applyNew(page, message(CACHED_MESSAGES + 1))).toBe('applied');
    expect(page.items).toHaveLength(CACHED_MESSAGES);
    expect(page.items[0].seq).toBe(2);
    expect(page.hasOlder).toBe(true);
  });

  it('answers a page only when it can tell whether there is more', () => {
    expect(newest(pageOf(1, 3, false), 50)).toEqual({
      items: pageOf(1, 3).items,
      hasMore: false,
    });
    expect(newest(pageOf(51, 100), 50)?.hasMore).toBe(true);
    expect(newest(pageOf(61, 100), 50)).toBeNull();
  });

  it('keeps the highest thread count when thread events cross', () => {
    const page = pageOf(1, 2);
    const at = '2026-12-07T00:00:00.000Z';
    applyThread(page, 'm1', { replyCount: 3, lastReplyAt: at, participantIds: [] });
    applyThread(page, 'm1', { replyCount: 2, lastReplyAt: at, participantIds: [] });
    expect(page.items[0].thread?.replyCount).toBe(3);
  });

  it('is read again after a deletion of a message it holds', () => {
    expect(applyDeleted(pageOf(1, 2), 'm2')).toBe('drop');
    expect(applyDeleted(pageOf(5, 6), 'm2')).toBe('none');
  });
});
