import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import {
  FILE_HEADER_PROBE_BYTES,
  FileDecryptionError,
  sealedFileKeyId,
} from '../../common/encryption/segmented-file';
import { AttachmentStorage, StoredObjectMissing } from '../attachments/storage/attachment-storage';
import { StoredBytesStorage } from '../attachments/storage/storage.module';
import { KeyRotationRepository } from './key-rotation.repository';

export type FileOutcome = 'rotated' | 'current' | 'missing' | 'unreadable';

/** The first bytes of a stream (enough for a header), then the stream is let go. */
async function head(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length >= FILE_HEADER_PROBE_BYTES) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks);
}

/**
 * Stored files (attachments, thumbnails, avatars, exports) under the current key. A file is read
 * through the encrypting storage (plaintext from before, or an older key's segments) and written
 * back under the same storage key, which every storage replaces whole (a file on disk by a
 * rename, an object in S3 by its upload): a download in flight reads the old bytes to the end.
 * Files never change once stored, so a rewrite loses nothing; one deleted meanwhile (its message
 * went) is deleted again after the rewrite, so none is left behind.
 */
@Injectable()
export class FileRotation {
  constructor(
    private readonly storage: AttachmentStorage,
    private readonly raw: StoredBytesStorage,
    private readonly stored: KeyRotationRepository,
  ) {}

  /** The key a file is sealed with (null: plaintext), or undefined when it is gone. */
  async keyOf(key: string): Promise<string | null | undefined> {
    try {
      return sealedFileKeyId(await head(await this.raw.get(key)));
    } catch (error) {
      if (error instanceof StoredObjectMissing) return undefined;
      throw error;
    }
  }

  async rotate(key: string, keyId: string): Promise<FileOutcome> {
    const sealedWith = await this.keyOf(key);
    if (sealedWith === undefined) return 'missing';
    if (sealedWith === keyId) return 'current';
    try {
      await this.storage.put(key, await this.storage.get(key), {
        contentType: 'application/octet-stream',
      });
    } catch (error) {
      if (error instanceof StoredObjectMissing) return 'missing';
      if (error instanceof FileDecryptionError) return 'unreadable';
      throw error;
    }
    if (!(await this.stored.fileStillReferenced(key))) await this.raw.delete(key);
    return 'rotated';
  }
}
