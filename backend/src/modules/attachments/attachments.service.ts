import { Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { AppConfig } from '../../config/app-config';
import { ConversationAccess } from '../conversations/access/conversation-access.service';
import type { AttachmentEntity } from './attachment.entity';
import { toAttachmentDto } from './attachments.mapper';
import { AttachmentsRepository } from './attachments.repository';
import type { AttachmentDto } from './dto/attachment.dto';
import { sanitizeFileName } from './file-name';
import { declaredFileType, sniffImageType } from './file-type';
import { receiveFile } from './multipart-file';
import { AttachmentStorage, StoredObjectMissing } from './storage/attachment-storage';
import { ThumbnailsProducer } from './thumbnails/thumbnails.producer';
import { UploadRateLimit } from './upload-rate-limit';

const NOT_FOUND = 'attachment not found';

/** A stored file to send back, with what the response headers need. */
export interface OpenedAttachment {
  attachment: AttachmentEntity;
  variant: 'file' | 'thumbnail';
  body: Readable;
}

/** Uploads into a conversation, the members-only way back out, and DTOs for messages. */
@Injectable()
export class AttachmentsService {
  constructor(
    private readonly attachments: AttachmentsRepository,
    private readonly storage: AttachmentStorage,
    private readonly access: ConversationAccess,
    private readonly thumbnails: ThumbnailsProducer,
    private readonly rateLimit: UploadRateLimit,
    private readonly config: AppConfig,
  ) {}

  /**
   * Streams the request's file to storage, then records it. Images (by their bytes) go to the
   * thumbnail queue and are `processing` until it answers; other files are `ready` downloads.
   */
  async upload(
    conversationId: string,
    uploaderId: string,
    req: IncomingMessage,
  ): Promise<AttachmentDto> {
    await this.access.requireMember(conversationId, uploaderId);
    await this.rateLimit.hit(uploaderId);
    const id = randomUUID();
    const storageKey = `attachments/${conversationId}/${id}`;
    const row = await receiveFile(req, this.config.UPLOAD_MAX_BYTES, async (file) => {
      const imageType = sniffImageType(file.head);
      const mimeType = imageType ?? declaredFileType(file.clientType);
      try {
        await this.storage.put(storageKey, file.body, { contentType: mimeType });
      } catch (error) {
        await this.storage.delete(storageKey).catch(() => undefined);
        throw error;
      }
      return this.attachments.insert({
        id,
        conversationId,
        uploaderId,
        name: sanitizeFileName(file.filename),
        mimeType,
        size: String(file.received()),
        kind: imageType ? 'image' : 'file',
        storageKey,
        thumbnailKey: null,
        width: null,
        height: null,
        status: imageType ? 'processing' : 'ready',
      });
    });
    if (row.kind === 'image') await this.thumbnails.enqueue(row.id);
    return toAttachmentDto(row);
  }

  /** The file or its thumbnail, for a member of its conversation; 404 for anyone else. */
  async open(id: string, userId: string, variant: 'file' | 'thumbnail'): Promise<OpenedAttachment> {
    const attachment = await this.requireVisible(id, userId);
    const key = variant === 'file' ? attachment.storageKey : attachment.thumbnailKey;
    if (!key) throw new NotFoundException('this attachment has no thumbnail');
    try {
      return { attachment, variant, body: await this.storage.get(key) };
    } catch (error) {
      if (error instanceof StoredObjectMissing) throw new NotFoundException(NOT_FOUND);
      throw error;
    }
  }

  /** The attachments with these ids, in the order given (unknown ids left out). */
  async describe(ids: string[]): Promise<AttachmentDto[]> {
    const rows = await this.attachments.findByIds([...new Set(ids)]);
    const byId = new Map(rows.map((r) => [r.id, toAttachmentDto(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  private async requireVisible(id: string, userId: string): Promise<AttachmentEntity> {
    const attachment = await this.attachments.findById(id);
    if (!attachment) throw new NotFoundException(NOT_FOUND);
    try {
      await this.access.requireMember(attachment.conversationId, userId);
    } catch {
      throw new NotFoundException(NOT_FOUND);
    }
    return attachment;
  }
}
