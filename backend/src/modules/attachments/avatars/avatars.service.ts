import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { sniffImageType } from '../file-type';
import { receiveFile } from '../multipart-file';
import { AttachmentStorage, StoredObjectMissing } from '../storage/attachment-storage';
import { UploadRateLimit } from '../upload-rate-limit';

export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;
/** Avatars are square WebP images this many pixels wide. */
export const AVATAR_PX = 256;
const VERSION = /^[a-z0-9]{16}$/;
const AVATAR_PATH = /^\/api\/v1\/avatars\/([0-9a-f-]{36})\/([a-z0-9]{16})$/;

const avatarKey = (userId: string, version: string) => `avatars/${userId}/${version}.webp`;

/**
 * Profile photos: a small image, cropped square and re-encoded by the server (so what is served
 * is always a clean WebP), stored under a new version each time so its URL can be cached forever.
 */
@Injectable()
export class AvatarsService {
  constructor(
    private readonly storage: AttachmentStorage,
    private readonly rateLimit: UploadRateLimit,
  ) {}

  /** Stores the request's image as the user's new avatar; answers its public path. */
  async store(userId: string, req: IncomingMessage): Promise<string> {
    await this.rateLimit.hit(userId);
    const square = await receiveFile(req, AVATAR_MAX_BYTES, async (file) => {
      if (!sniffImageType(file.head)) {
        file.body.destroy();
        throw new BadRequestException(['an avatar must be a PNG, JPEG, GIF or WebP image']);
      }
      // Small by the limit above, so decoding it in memory right away is fine.
      const original = Buffer.concat((await file.body.toArray()) as Buffer[]);
      try {
        return await sharp(original, { failOn: 'error' })
          .rotate()
          .resize(AVATAR_PX, AVATAR_PX, { fit: 'cover' })
          .webp({ quality: 85 })
          .toBuffer();
      } catch {
        throw new BadRequestException(['the image could not be read']);
      }
    });
    const version = randomBytes(8).toString('hex');
    await this.storage.put(avatarKey(userId, version), Readable.from([square]), {
      contentType: 'image/webp',
      size: square.length,
    });
    return `/api/v1/avatars/${userId}/${version}`;
  }

  /** Removes a stored avatar named by its path; other URLs (set by hand) are left alone. */
  async removeByUrl(url: string | null): Promise<void> {
    const match = url ? AVATAR_PATH.exec(url) : null;
    if (match) await this.storage.delete(avatarKey(match[1], match[2]));
  }

  async open(userId: string, version: string): Promise<Readable> {
    if (!VERSION.test(version)) throw new NotFoundException('avatar not found');
    try {
      return await this.storage.get(avatarKey(userId, version));
    } catch (error) {
      if (error instanceof StoredObjectMissing) throw new NotFoundException('avatar not found');
      throw error;
    }
  }
}
