import type { ForwardedFrom, MessageEntity } from '../message.entity';

/** One send as the `send_messages` function takes it. */
export interface SendItem {
  conversationId: string;
  senderId: string;
  clientMessageId: string;
  body: string;
  replyToId: string | null;
  attachmentIds: string[];
  threadRootId: string | null;
  alsoToConversation: boolean;
  forwardedFrom: ForwardedFrom | null;
  /** With tracing on, the send's trace context, which a bot's reply continues. */
  traceparent?: string;
}

/** A thread's summary as `record_thread_reply` answers it, after a reply was stored. */
export interface ThreadUpdate {
  conversationId: string;
  rootId: string;
  replyCount: number;
  lastReplyAt: string;
  participantIds: string[];
}

/** What `send_messages` answered for one send: stored, found, or refused (and why). */
export type SendOutcome =
  | { outcome: 'created'; message: MessageEntity; thread?: ThreadUpdate }
  | { outcome: 'duplicate'; message: MessageEntity }
  | {
      outcome:
        | 'client_id_taken'
        | 'not_member'
        | 'bad_reply'
        | 'bad_attachments'
        | 'archived'
        | 'bad_thread';
    };

/**
 * The batch in the order its rows are locked: by conversation id, keeping each conversation's
 * sends in the order they were queued (sender order). Every process locks conversations in the
 * same order, so two batches never wait on each other in a cycle.
 */
export function inLockOrder(items: SendItem[]): (SendItem & { i: number })[] {
  return items
    .map((item, i) => ({ ...item, i }))
    .sort((a, b) =>
      a.conversationId < b.conversationId
        ? -1
        : a.conversationId > b.conversationId
          ? 1
          : a.i - b.i,
    );
}
