import { returnedRows } from '../../database/query-rows';
import type { LinkPreviewDto } from './link-preview/link-preview.dto';
import type { ForwardedFrom, MessageEntity, MessageKind, MessageStatus } from './message.entity';
import type { SystemEvent } from './system-event';

export interface NewMessage {
  conversationId: string;
  senderId: string;
  clientMessageId: string;
  body: string | null;
  kind: MessageKind;
  status: MessageStatus;
  replyToId: string | null;
  system: SystemEvent | null;
}

/** A `messages` row as `append_message` returns it (snake_case columns). */
export interface AppendedRow {
  id: string;
  conversation_id: string;
  seq: string;
  sender_id: string;
  body: string | null;
  client_message_id: string;
  reply_to_id: string | null;
  thread_root_id: string | null;
  also_to_conversation: boolean;
  forwarded_from: ForwardedFrom | null;
  kind: MessageKind;
  status: MessageStatus;
  failure_reason: string | null;
  system: SystemEvent | null;
  attachment_ids: string[];
  mentions: string[];
  mentions_here: boolean;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  link_preview: LinkPreviewDto | null;
}

/**
 * The statement that numbers and stores a message with `append_message`
 * (src/database/sql/append_message.sql): the next seq under the conversation's row lock, the
 * row, and the sender's read marker. Another module that must record a message in its own
 * transaction (a group change and its system line) goes through `ConversationMessagesPort`,
 * lending its transaction as a query function: it never sees this SQL, and this module never
 * gets its EntityManager.
 */
export function appendMessageStatement(message: NewMessage): [sql: string, parameters: unknown[]] {
  return [
    `SELECT * FROM append_message($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      message.conversationId,
      message.senderId,
      message.clientMessageId,
      message.body,
      message.kind,
      message.status,
      message.replyToId,
      message.system === null ? null : JSON.stringify(message.system),
    ],
  ];
}

/** The message in the rows `appendMessageStatement` returned. */
export function appendedMessage(result: unknown): MessageEntity {
  const [row] = returnedRows<AppendedRow>(result);
  return messageFromRow(row);
}

/**
 * A `messages` row by its column names, as a row from the driver (timestamps as Dates) or as
 * `to_jsonb(row)` from `send_messages` (timestamps as text): one mapping for both.
 */
export function messageFromRow(row: AppendedRow | JsonRow<AppendedRow>): MessageEntity {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: String(row.seq),
    senderId: row.sender_id,
    body: row.body,
    clientMessageId: row.client_message_id,
    replyToId: row.reply_to_id,
    threadRootId: row.thread_root_id,
    alsoToConversation: row.also_to_conversation,
    forwardedFrom: row.forwarded_from ?? null,
    kind: row.kind,
    status: row.status,
    failureReason: row.failure_reason,
    system: row.system,
    attachmentIds: row.attachment_ids,
    mentions: row.mentions,
    mentionsHere: row.mentions_here,
    createdAt: new Date(row.created_at),
    editedAt: row.edited_at === null ? null : new Date(row.edited_at),
    deletedAt: row.deleted_at === null ? null : new Date(row.deleted_at),
    linkPreview: row.link_preview ?? null,
  };
}

/** The columns of `AppendedRow`, for statements that select a message row without entities. */
export const MESSAGE_COLUMNS = [
  'id',
  'conversation_id',
  'seq',
  'sender_id',
  'body',
  'client_message_id',
  'reply_to_id',
  'thread_root_id',
  'also_to_conversation',
  'forwarded_from',
  'kind',
  'status',
  'failure_reason',
  'system',
  'attachment_ids',
  'mentions',
  'mentions_here',
  'created_at',
  'edited_at',
  'deleted_at',
  'link_preview',
] as const satisfies readonly (keyof AppendedRow)[];

/** A row as JSON carries its timestamps as text. */
type JsonRow<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};
