import type { Readable } from 'node:stream';
import sharp from 'sharp';

/** The longer side of a thumbnail, in pixels. */
export const THUMBNAIL_MAX_PX = 480;

/** The image could not be decoded: retrying will not help. */
export class UnreadableImage extends Error {}

export interface Thumbnail {
  width: number;
  height: number;
  webp: Buffer;
}

/**
 * The image's displayed size (EXIF orientation applied) and a WebP no larger than 480 px on
 * its longer side, never enlarged. The first frame of an animation.
 */
export async function makeThumbnail(source: Readable): Promise<Thumbnail> {
  // The worker reads the whole image (up to UPLOAD_MAX_BYTES): sharp decodes it whole anyway.
  // A storage error here propagates, so the job is retried.
  const original = Buffer.concat((await source.toArray()) as Buffer[]);
  try {
    const image = sharp(original, { failOn: 'error' });
    const meta = await image.metadata();
    const rotated = (meta.orientation ?? 1) >= 5;
    const webp = await image
      .rotate()
      .resize(THUMBNAIL_MAX_PX, THUMBNAIL_MAX_PX, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
    return {
      width: rotated ? meta.height : meta.width,
      height: rotated ? meta.width : meta.height,
      webp,
    };
  } catch (error) {
    throw new UnreadableImage(error instanceof Error ? error.message : String(error));
  }
}
