import type { Readable } from 'node:stream';
import sharp from 'sharp';

// One image at a time per libvips call and no operation cache: a thumbnail is made once, and
// libvips' cache (up to 100 MB) and a thread per core only multiply what a large image costs.
sharp.cache(false);
sharp.concurrency(1);

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
 * its longer side, never enlarged. The first frame of an animation. An image of more than
 * `maxPixels` is refused from its header, before anything is decoded: a 1 MB PNG can declare
 * 16000x16000 pixels, a gigabyte once decoded.
 */
export async function makeThumbnail(source: Readable, maxPixels: number): Promise<Thumbnail> {
  // The worker reads the whole image (up to UPLOAD_MAX_BYTES): sharp decodes it whole anyway.
  // A storage error here propagates, so the job is retried.
  const original = Buffer.concat((await source.toArray()) as Buffer[]);
  try {
    const image = sharp(original, {
      failOn: 'error',
      limitInputPixels: maxPixels,
      sequentialRead: true,
    });
    const meta = await image.metadata();
    if (meta.width * meta.height > maxPixels) {
      throw new Error(`${meta.width}x${meta.height} is more than ${maxPixels} pixels`);
    }
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
