import type { JobsOptions } from 'bullmq';

export const THUMBNAILS_QUEUE = 'attachment-thumbnails';
export const THUMBNAIL_JOB = 'thumbnail';

/** One image to measure and shrink; everything else is read fresh from the row. */
export interface ThumbnailJob {
  attachmentId: string;
}

export const THUMBNAIL_ATTEMPTS = 5;

export const thumbnailJobOptions: JobsOptions = {
  attempts: THUMBNAIL_ATTEMPTS,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { count: 1_000, age: 3_600 },
  removeOnFail: { count: 5_000, age: 7 * 86_400 },
};
