import type { MessageDto, ThreadSummaryDto } from '../dto/message.dto';
import type { ReactionDto } from '../reactions/dto/reaction.dto';
import type { AttachmentDto } from '../../attachments/dto/attachment.dto';

/** The largest page a client may ask for, plus the row that tells whether there is more. */
export const CACHED_MESSAGES = 101;

/** The newest messages of one conversation, contiguous in `seq`, oldest first. */
export interface NewestPage {
  items: MessageDto[];
  /** Whether messages older than `items[0]` exist. */
  hasOlder: boolean;
  bytes: number;
}

/** What one event does to a cached page: nothing, applied in place, or the page is dropped. */
export type Change = 'none' | 'applied' | 'drop';

/** Roughly what an item holds in memory: its JSON and the objects around it. */
export const approxBytes = (m: MessageDto): number => 256 + 2 * JSON.stringify(m).length;

/**
 * A new message: appended when it is the next `seq`, a repeat of one already held is ignored
 * (the delivery relay may announce twice), anything else is a gap.
 */
export function applyNew(page: NewestPage, message: MessageDto): Change {
  const newest = page.items.at(-1)?.seq ?? 0;
  // Announced late (again, by the delivery relay): older than the page, or already in it.
  if (message.seq < (page.items[0]?.seq ?? 1)) return 'none';
  if (message.seq <= newest) return page.items.some((m) => m.id === message.id) ? 'none' : 'drop';
  if (message.seq !== newest + 1 || (page.items.length === 0 && page.hasOlder)) return 'drop';
  page.items.push(message);
  page.bytes += approxBytes(message);
  while (page.items.length > CACHED_MESSAGES) {
    page.bytes -= approxBytes(page.items.shift()!);
    page.hasOlder = true;
  }
  return 'applied';
}

/** Replaces the item with the same id and `seq`, when the page holds it. */
function replace(page: NewestPage, id: string, change: (m: MessageDto) => MessageDto): Change {
  const index = page.items.findIndex((m) => m.id === id);
  if (index < 0) return 'none';
  const before = page.items[index];
  const after = change(before);
  page.items[index] = after;
  page.bytes += approxBytes(after) - approxBytes(before);
  return 'applied';
}

/** An edit, a bot reply's final text, a link preview: the event carries the whole message. */
export const applyUpdated = (page: NewestPage, message: MessageDto): Change =>
  replace(page, message.id, () => message);

export const applyReactions = (page: NewestPage, id: string, reactions: ReactionDto[]): Change =>
  replace(page, id, (m) => ({ ...m, reactions }));

/** Thread events may arrive out of order across instances: the highest count wins. */
export const applyThread = (page: NewestPage, rootId: string, thread: ThreadSummaryDto): Change =>
  replace(page, rootId, (m) =>
    m.thread && m.thread.replyCount > thread.replyCount ? m : { ...m, thread },
  );

export function applyAttachment(page: NewestPage, attachment: AttachmentDto): Change {
  const holder = page.items.find((m) => m.attachments.some((a) => a.id === attachment.id));
  if (!holder) return 'none';
  return replace(page, holder.id, (m) => ({
    ...m,
    attachments: m.attachments.map((a) => (a.id === attachment.id ? attachment : a)),
  }));
}

/**
 * A deletion: the event does not carry what the tombstone looks like (its time), so a page
 * holding the message is read again rather than guessed.
 */
export const applyDeleted = (page: NewestPage, id: string): Change =>
  page.items.some((m) => m.id === id) ? 'drop' : 'none';

/** The newest `limit` messages and whether there are more, when the page can tell. */
export function newest(
  page: NewestPage,
  limit: number,
): { items: MessageDto[]; hasMore: boolean } | null {
  if (page.items.length < limit && page.hasOlder) return null;
  const items = page.items.slice(-limit);
  return { items, hasMore: page.items.length > limit || page.hasOlder };
}
