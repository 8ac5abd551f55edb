import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { ConversationEntity } from '../conversations/conversation.entity';
import { UserEntity } from '../users/user.entity';
import type { LinkPreviewDto } from './link-preview/link-preview.dto';
import type { SystemEvent } from './system-event';

/** The source of a forwarded message, as it was when forwarded. */
export interface ForwardedFrom {
  messageId: string;
  senderName: string;
  createdAt: string;
}

export type MessageKind = 'text' | 'system' | 'bot';
/** `stopped`: a bot reply its reader stopped; its body is what was written until then. */
export type MessageStatus = 'complete' | 'streaming' | 'failed' | 'stopped';

@Entity('messages')
/** Serves every page query (newest, beforeSeq, afterSeq) and guarantees one message per seq. */
@Index('messages_conversation_seq_key', ['conversationId', 'seq'], { unique: true })
/** Idempotent sends: one message per sender and client id. */
@Index('messages_sender_client_id_key', ['senderId', 'clientMessageId'], { unique: true })
/** Full-text search: GIN on search_vector, and newest-first (migration MessageSearch). */
@Index('messages_search_idx', { synchronize: false })
@Index('messages_search_recent_idx', { synchronize: false })
/** Messages the search indexer has still to index (migration SearchIndexOffSendPath). */
@Index('messages_search_pending_idx', { synchronize: false })
/** Unread mention counts: only messages that mention someone (migration Mentions). */
@Index('messages_mentions_idx', { synchronize: false })
/** Thread pages and unread counts; partial, so a message outside threads adds no entry. */
@Index('messages_thread_idx', { synchronize: false })
@Index('messages_thread_only_idx', { synchronize: false })
/** Which messages name an attachment (migration AttachmentLifecycle); partial, GIN. */
@Index('messages_attachments_idx', { synchronize: false })
/** A person's own messages, oldest first, for their data export (migration DataExports). */
@Index('messages_sender_created_idx', { synchronize: false })
/** The retention job's oldest-first scan (migration MessageRetention). */
@Index('messages_created_idx', { synchronize: false })
export class MessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId: string;

  @Column({ type: 'bigint' })
  seq: string;

  @Column({ name: 'sender_id', type: 'uuid' })
  senderId: string;

  /** Null once deleted (the row stays as a tombstone so seqs never gap). */
  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Column({ name: 'client_message_id', type: 'varchar', length: 64 })
  clientMessageId: string;

  @Column({ name: 'reply_to_id', type: 'uuid', nullable: true })
  replyToId: string | null;

  /** The thread this message replies in: a top-level message of the same conversation. */
  @Column({ name: 'thread_root_id', type: 'uuid', nullable: true })
  threadRootId: string | null;

  /** Where a forwarded message came from (`{messageId, senderName, createdAt}`); null otherwise. */
  @Column({ name: 'forwarded_from', type: 'jsonb', nullable: true })
  forwardedFrom: ForwardedFrom | null;

  /** A thread reply also shown in (and counted as unread by) the conversation's timeline. */
  @Column({ name: 'also_to_conversation', default: false })
  alsoToConversation: boolean;

  @Column({ type: 'varchar', length: 16, default: 'text' })
  kind: MessageKind;

  @Column({ type: 'varchar', length: 16, default: 'complete' })
  status: MessageStatus;

  /** Why a bot reply failed, in a few words people can read; null otherwise. */
  @Column({ name: 'failure_reason', type: 'varchar', length: 200, nullable: true })
  failureReason: string | null;

  /** What a system message records (group life); null for every other kind. */
  @Column({ type: 'jsonb', nullable: true })
  system: SystemEvent | null;

  /** Files sent with the message, in the order the sender attached them. */
  @Column({ name: 'attachment_ids', type: 'uuid', array: true, default: () => "'{}'" })
  attachmentIds: string[];

  /**
   * Members mentioned as `@username`, computed from the body by a trigger (src/database/sql/compute_message_mentions.sql):
   * never written by the application.
   */
  @Column({ type: 'uuid', array: true, default: () => "'{}'", insert: false, update: false })
  mentions: string[];

  /** `@here` in a group (trigger-computed, like `mentions`). */
  @Column({ name: 'mentions_here', default: false, insert: false, update: false })
  mentionsHere: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'edited_at', type: 'timestamptz', nullable: true })
  editedAt: Date | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  /** The preview of the first link, set by the link-preview worker; null until then (or none). */
  @Column({ name: 'link_preview', type: 'jsonb', nullable: true })
  linkPreview: LinkPreviewDto | null;

  /**
   * The body's search lexemes (or keyed hashes of its words under encryption): written only by
   * the search module's indexer, after the send; NULL until then and after each change of body.
   */
  @Column({
    name: 'search_vector',
    type: 'tsvector',
    nullable: true,
    select: false,
    insert: false,
    update: false,
  })
  searchVector?: string | null;

  @ManyToOne(() => ConversationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversation_id' })
  conversation?: ConversationEntity;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'sender_id' })
  sender?: UserEntity;

  @ManyToOne(() => MessageEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'reply_to_id' })
  replyTo?: MessageEntity;

  @ManyToOne(() => MessageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_root_id' })
  threadRoot?: MessageEntity;
}
