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

export type AttachmentKind = 'image' | 'file';
export type AttachmentStatus = 'processing' | 'ready' | 'failed';

@Entity('attachments')
/** A conversation's attachments (and the cascade when it is deleted). */
@Index('attachments_conversation_idx', ['conversationId'])
/** Whose uploads these are (the send check: the sender's own, in this conversation). */
@Index('attachments_uploader_idx', ['uploaderId'])
/** The sweep's candidates: uploads older than the grace period (see attachment-sweep). */
@Index('attachments_created_idx', ['createdAt'])
export class AttachmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId: string;

  @Column({ name: 'uploader_id', type: 'uuid' })
  uploaderId: string;

  /** The sanitized file name (see file-name.ts). */
  @Column({ type: 'varchar', length: 255 })
  name: string;

  /** Sniffed for images; for other files the client's type (they are served as downloads). */
  @Column({ name: 'mime_type', type: 'varchar', length: 127 })
  mimeType: string;

  @Column({ type: 'bigint' })
  size: string;

  @Column({ type: 'varchar', length: 16 })
  kind: AttachmentKind;

  @Column({ name: 'storage_key', type: 'varchar', length: 255 })
  storageKey: string;

  @Column({ name: 'thumbnail_key', type: 'varchar', length: 255, nullable: true })
  thumbnailKey: string | null;

  @Column({ type: 'int', nullable: true })
  width: number | null;

  @Column({ type: 'int', nullable: true })
  height: number | null;

  @Column({ type: 'varchar', length: 16 })
  status: AttachmentStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => ConversationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversation_id' })
  conversation?: ConversationEntity;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'uploader_id' })
  uploader?: UserEntity;
}
