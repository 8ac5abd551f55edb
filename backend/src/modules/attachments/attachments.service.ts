import { Injectable, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { AppConfig } from '../../config/app-config';
import { ConversationAccess } from '../conversations/access/conversation-access.service';
import type { AttachmentEntity } from './attachment.entity';
import { toAttachmentDto } from './attachments.mapper';
import { AttachmentsRepository } from './attachments.repository';
import type { AttachmentDto, StorageUsageDto } from './dto/attachment.dto';
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
   * Deletes the files (bytes first, then rows) of these attachments that no message carries any
   * more; one still carried by another message (a forward) stays. Answers how many went.
   */
  async deleteUnreferenced(ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const files = await this.attachments.unreferenced(ids);
    for (const file of files) {
      if (file.thumbnailKey) await this.storage.delete(file.thumbnailKey);
      await this.storage.delete(file.storageKey);
    }
    await this.attachments.deleteByIds(files.map((f) => f.id));
    return files.length;
  }

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
    // The file may take what is left of the quota: the stream stops there, so it never lands.
    const left = await this.quotaLeft(uploaderId);
    const maxBytes = Math.min(this.config.UPLOAD_MAX_BYTES, left);
    if (maxBytes <= 0) throw quotaExceeded(this.config.UPLOAD_QUOTA_BYTES);
    const receive = receiveFile(req, maxBytes, async (file) => {
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
    const row = await receive.catch((error: unknown) => {
      if (error instanceof PayloadTooLargeException && maxBytes < this.config.UPLOAD_MAX_BYTES) {
        throw quotaExceeded(this.config.UPLOAD_QUOTA_BYTES);
      }
      throw error;
    });
    if (row.kind === 'image') await this.thumbnails.enqueue(row.id);
    return toAttachmentDto(row);
  }

  /** What the person's files take, and their quota (null: none). */
  async storageUsage(userId: string): Promise<StorageUsageDto> {
    const quota = this.config.UPLOAD_QUOTA_BYTES;
    return { usedBytes: await this.attachments.bytesOf(userId), quotaBytes: quota || null };
  }

  /**
   * The file or its thumbnail: for the members of its conversation once a message carries it,
   * for its uploader alone before that, for nobody once every message that carried it is
   * deleted (the sweep then deletes the bytes). 404 for anyone else.
   */
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

  private async quotaLeft(userId: string): Promise<number> {
    const quota = this.config.UPLOAD_QUOTA_BYTES;
    if (quota === 0) return Number.MAX_SAFE_INTEGER;
    return quota - (await this.attachments.bytesOf(userId));
  }

  private async requireVisible(id: string, userId: string): Promise<AttachmentEntity> {
    const attachment = await this.attachments.findById(id);
    if (!attachment) throw new NotFoundException(NOT_FOUND);
    const usage = await this.attachments.usage(id);
    if (usage.sent ? !usage.live : attachment.uploaderId !== userId) {
      throw new NotFoundException(NOT_FOUND);
    }
    try {
      await this.access.requireMember(attachment.conversationId, userId);
    } catch {
      throw new NotFoundException(NOT_FOUND);
    }
    return attachment;
  }
}

/** 413 with a code the client shows as "your files are full" rather than "file too large". */
function quotaExceeded(quotaBytes: number): PayloadTooLargeException {
  return new PayloadTooLargeException({
    statusCode: 413,
    error: 'Payload Too Large',
    code: 'QUOTA_EXCEEDED',
    message: `your files would take more than your ${quotaBytes}-byte storage quota; delete some messages with files first`,
  });
}
