// The rows of a chat: day separators and messages, grouped by sender. Pure, so it is tested alone.
import { MessageDto, MessageStatus, UserDto } from '../../../core/api/model';
import { excerptOf, isThreadOnly } from '../data-access/conversation-view';
import { Thread } from '../data-access/messages.store';
import { dayKey, dayLabel } from './chat-time';
import { sendingFilesLabel } from '../attachments/data-access/attachment-files';

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
  /** A bot's reply: Markdown, and it may be streaming or have failed (`status`). */
  readonly bot: boolean;
  /** A bot reply's progress; `complete` for everything else. */
  readonly status: MessageStatus;
  /** Why a bot reply failed. */
  readonly failureReason: string | null;
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

/**
 * Items of stored messages, by message: a message that did not change keeps its item, so only
 * the rows that changed are checked again (a streaming reply changes 20 times a second).
 */
const storedItems = new WeakMap<MessageDto, ChatItem>();

function storedItem(message: MessageDto): ChatItem {
  let item = storedItems.get(message);
  if (!item) {
    item = {
      key: `${message.sender.id}:${message.clientMessageId}`,
      clientMessageId: message.clientMessageId,
      seq: message.seq,
      sender: message.sender,
      body: message.body,
      createdAt: message.createdAt,
      edited: message.editedAt !== null,
      deleted: message.deletedAt !== null,
      system: message.kind === 'system',
      bot: message.kind === 'bot',
      status: message.status,
      failureReason: message.failureReason,
      replyToId: message.replyToId,
      state: 'stored',
      error: null,
      message,
    };
    storedItems.set(message, item);
  }
  return item;
}

export function chatItems(thread: Thread, me: UserDto): ChatItem[] {
  const stored = thread.messages.filter((m) => !isThreadOnly(m)).map(storedItem);
  const outgoing = thread.outgoing
    .filter((m) => !m.thread || m.thread.alsoToConversation)
    .map((message): ChatItem => ({
      key: `${me.id}:${message.clientMessageId}`,
      clientMessageId: message.clientMessageId,
      seq: null,
      sender: me,
      // Files alone have no text: say what is on its way until the stored copy shows them.
      body: message.body || sendingFilesLabel(message.attachmentIds?.length ?? 0),
      createdAt: message.createdAt,
      edited: false,
      deleted: false,
      system: false,
      bot: false,
      status: 'complete',
      failureReason: null,
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
      replyTo: replyQuote(item, byId),
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

/**
 * The quote above a reply. A bot answers the message it was asked in, usually the one right
 * before: quoting that would only repeat it, so only an answer further down shows its quote.
 */
function replyQuote(item: ChatItem, byId: ReadonlyMap<string, ChatItem>): ReplyQuote | null {
  if (item.replyToId === null) return null;
  const target = byId.get(item.replyToId);
  const answersPrevious =
    target !== undefined && target.seq !== null && item.seq !== null && target.seq === item.seq - 1;
  if (item.bot && answersPrevious) return null;
  return quote(item.replyToId, target);
}

function quote(id: string, target: ChatItem | undefined): ReplyQuote {
  if (!target) return { id, senderName: null, excerpt: 'An earlier message', loaded: false };
  return {
    id,
    senderName: target.sender.displayName,
    excerpt: target.deleted || target.body === null ? 'Message deleted' : excerptOf(target),
    loaded: true,
  };
}

/** The newest of the user's own text messages, stored and not deleted: Arrow-Up edits it. */
export function lastEditable(items: readonly ChatItem[], myId: string): MessageDto | null {
  for (const { sender, state, deleted, message } of [...items].reverse()) {
    if (sender.id === myId && state === 'stored' && !deleted && message?.kind === 'text') {
      return message;
    }
  }
  return null;
}
