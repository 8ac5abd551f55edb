import type { JobsOptions } from 'bullmq';

export const LINK_PREVIEWS_QUEUE = 'link-previews';
export const LINK_PREVIEW_JOB = 'preview';

/** One message's link to preview; the message is read fresh when the job runs. */
export interface LinkPreviewJob {
  messageId: string;
  url: string;
}

/**
 * From the message (and, after an edit, the edit's time), so a message announced twice (the
 * delivery relay) or an edit enqueued twice makes one job while it exists.
 */
export const linkPreviewJobId = (messageId: string, editedAt: string | null) =>
  editedAt === null ? messageId : `${messageId}_${Date.parse(editedAt)}`;

export const LINK_PREVIEW_JOB_OPTIONS: JobsOptions = {
  // A fetch that fails is a result (cached briefly), not an error: only Postgres or Redis
  // trouble fails a job, and that is worth one more try.
  attempts: 2,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { count: 1_000, age: 3_600 },
  removeOnFail: { count: 1_000, age: 86_400 },
};
