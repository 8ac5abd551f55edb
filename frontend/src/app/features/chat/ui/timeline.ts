// The rows of a chat: day separators and messages, grouped by sender. Pure, so it is tested alone.
import { MessageDto, UserDto } from '../../../core/api/model';
import { firstLine } from '../data-access/conversation-view';
import { Thread } from '../data-access/messages.store';
import { dayKey, dayLabel } from './chat-time';

/** Consecutive messages of one sender within this time share one avatar and name. */
const GROUP_WINDOW_MS = 5 * 60_000;

/** A stored message or one on its way, as the message list shows it. */
export interface ChatItem {
  /** Stable from the optimistic message to the stored one, so the row is kept, not redrawn. */
  readonly key: string;
  readonly clientMessageId: string;
  readonly seq: number | null;
  readonly sender: UserDto;
  readonly body: string | null;
  readonly createdAt: string;
  readonly edited: boolean;
  readonly deleted: boolean;
  readonly system: boolean;
  readonly replyToId: string | null;
  readonly state: 'pending' | 'failed' | 'stored';
  readonly error: string | null;
  /** The stored message, for the actions on it; null while on its way. */
  readonly message: MessageDto | null;
}

export interface ReplyQuote {
  readonly id: string;
  /** Null when the quoted message is not loaded (older than the loaded pages). */
  readonly senderName: string | null;
  readonly excerpt: string;
  readonly loaded: boolean;
}

export type TimelineRow =
  | { readonly type: 'day'; readonly key: string; readonly label: string }
  | {
      readonly type: 'message';
      readonly key: string;
      readonly item: ChatItem;
      readonly own: boolean;
      /** First of a run from one sender: shows the avatar and name. */
      readonly groupStart: boolean;
      readonly groupEnd: boolean;
      readonly replyTo: ReplyQuote | null;
    };

export function chatItems(thread: Thread, me: UserDto): ChatItem[] {
  const stored = thread.messages.map((message): ChatItem => ({
    key: `${message.sender.id}:${message.clientMessageId}`,
    clientMessageId: message.clientMessageId,
    seq: message.seq,
    sender: message.sender,
    body: message.body,
    createdAt: message.createdAt,
    edited: message.editedAt !== null,
    deleted: message.deletedAt !== null,
    system: message.kind === 'system',
    replyToId: message.replyToId,
    state: 'stored',
    error: null,
    message,
  }));
  const outgoing = thread.outgoing.map((message): ChatItem => ({
    key: `${me.id}:${message.clientMessageId}`,
    clientMessageId: message.clientMessageId,
    seq: null,
    sender: me,
    body: message.body,
    createdAt: message.createdAt,
    edited: false,
    deleted: false,
    system: false,
    replyToId: message.replyToId,
    state: message.state,
    error: message.error,
    message: null,
  }));
  return [...stored, ...outgoing];
}

export function buildTimeline(
  items: readonly ChatItem[],
  myId: string,
  now: number,
): TimelineRow[] {
  const byId = new Map<string, ChatItem>();
  for (const item of items) if (item.message) byId.set(item.message.id, item);

  const rows: TimelineRow[] = [];
  items.forEach((item, index) => {
    const previous = items[index - 1];
    const next = items[index + 1];
    const day = dayKey(item.createdAt);
    if (!previous || dayKey(previous.createdAt) !== day) {
      rows.push({ type: 'day', key: `day:${day}`, label: dayLabel(item.createdAt, now) });
    }
    rows.push({
      type: 'message',
      key: item.key,
      item,
      own: item.sender.id === myId,
      groupStart: !previous || !sameGroup(previous, item),
      groupEnd: !next || !sameGroup(item, next),
      replyTo: item.replyToId === null ? null : quote(item.replyToId, byId.get(item.replyToId)),
    });
  });
  return rows;
}

function sameGroup(earlier: ChatItem, later: ChatItem): boolean {
  return (
    earlier.sender.id === later.sender.id &&
    !earlier.system &&
    !later.system &&
    dayKey(earlier.createdAt) === dayKey(later.createdAt) &&
    Date.parse(later.createdAt) - Date.parse(earlier.createdAt) <= GROUP_WINDOW_MS
  );
}

function quote(id: string, target: ChatItem | undefined): ReplyQuote {
  if (!target) return { id, senderName: null, excerpt: 'An earlier message', loaded: false };
  return {
    id,
    senderName: target.sender.displayName,
    excerpt: target.deleted || target.body === null ? 'Message deleted' : firstLine(target.body),
    loaded: true,
  };
}
