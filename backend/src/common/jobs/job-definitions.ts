import type { Job, JobsOptions } from 'bullmq';
import { type JobPayloads, JobName, QueueName } from './job.types';

/** What a job of every queue gets unless its definition says otherwise. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1_000 },
  // Bounded history: enough to inspect recent work, never growing without end.
  removeOnComplete: { count: 1_000, age: 3_600 },
  removeOnFail: { count: 5_000, age: 7 * 86_400 },
} as const satisfies JobsOptions;

/** Options a definition (or, for `attempts` and `delay`, a producer) may set for its jobs. */
export type JobPolicy = Pick<
  JobsOptions,
  'attempts' | 'backoff' | 'removeOnComplete' | 'removeOnFail' | 'delay'
>;

/**
 * Sends at a person's chosen time: a refusal (no longer a member) is a result, not an error, so
 * retries cover only Postgres/Redis trouble and rate limits, for about half an hour.
 */
const SCHEDULED_POLICY: JobPolicy = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 10_000 },
  removeOnComplete: { count: 1_000, age: 86_400 },
};

interface JobDefinition<N extends JobName> {
  queue: QueueName;
  /**
   * The job's id, from the domain ids in its payload: enqueueing the same work again (a retry,
   * a second process, a sweep) makes no second job while the first exists. No `:` (BullMQ's
   * separator).
   */
  jobId: (data: JobPayloads[N]) => string;
  options?: JobPolicy;
}

/** Every job: its queue, its id and how it departs from the default policy. */
export const JOBS = {
  [JobName.BotReply]: {
    queue: QueueName.BotReplies,
    jobId: (job) => `${job.triggerMessageId}_${job.botId}`,
  },
  [JobName.LinkPreview]: {
    queue: QueueName.LinkPreviews,
    jobId: (job) =>
      job.editedAt === null ? job.messageId : `${job.messageId}_${Date.parse(job.editedAt)}`,
    options: {
      // A fetch that fails is a result (cached briefly), not an error: only Postgres or Redis
      // trouble fails a job, and that is worth one more try.
      attempts: 2,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnFail: { count: 1_000, age: 86_400 },
    },
  },
  [JobName.Thumbnail]: {
    queue: QueueName.Thumbnails,
    jobId: (job) => job.attachmentId,
    options: { attempts: 5 },
  },
  [JobName.Push]: {
    queue: QueueName.Push,
    // A message is in one batch of the process that committed it: its first message names it,
    // so a batch handed over twice notifies once.
    jobId: (job) => `${job.messages[0].conversationId}_${job.messages[0].seq}`,
    // A push is useful now or never: no retries that would notify some people twice.
    options: {
      attempts: 1,
      removeOnComplete: { count: 100, age: 600 },
      removeOnFail: { count: 1_000, age: 86_400 },
    },
  },
  [JobName.Mail]: {
    queue: QueueName.Mail,
    jobId: (job) => job.mailId,
    options: {
      // An SMTP server that is down for a while still gets the mail: ~1 hour of retries.
      attempts: 8,
      backoff: { type: 'exponential', delay: 15_000 },
      removeOnComplete: { count: 100, age: 60 },
      removeOnFail: { count: 1_000, age: 86_400 },
    },
  },
  [JobName.ExpireGuests]: {
    queue: QueueName.GuestExpiry,
    jobId: (job) => `expire-guests-${job.trigger}`,
    options: { removeOnComplete: { count: 30, age: 30 * 86_400 } },
  },
  [JobName.SweepAttachments]: {
    queue: QueueName.AttachmentSweep,
    jobId: (job) => `sweep-attachments-${job.trigger}`,
    // The next run does the same work: a failed one is not retried.
    options: { attempts: 1, removeOnComplete: { count: 10, age: 86_400 } },
  },
  [JobName.FreeUsername]: {
    queue: QueueName.DeletedAccounts,
    // Delayed by the grace period (the producer's `delay`): persisted in Redis across restarts.
    jobId: (job) => `free-username-${job.userId}`,
    options: { attempts: 10, backoff: { type: 'exponential', delay: 60_000 } },
  },
  // Delayed jobs whose row is the truth: a redelivery reads it and sends at most once.
  [JobName.SendScheduled]: {
    queue: QueueName.ScheduledMessages,
    jobId: (job) => job.scheduledId,
    options: SCHEDULED_POLICY,
  },
  [JobName.Remind]: {
    queue: QueueName.Reminders,
    jobId: (job) => job.reminderId,
    options: SCHEDULED_POLICY,
  },
  [JobName.BuildExport]: {
    queue: QueueName.DataExports,
    // The archive is rebuilt from the start on a retry (the same key is overwritten).
    jobId: (job) => `build-export-${job.exportId}`,
  },
  [JobName.ExpireExports]: {
    queue: QueueName.DataExports,
    jobId: (job) => `expire-exports-${job.trigger}`,
    options: { removeOnComplete: { count: 24, age: 86_400 } },
  },
  [JobName.PurgeExpired]: {
    queue: QueueName.Retention,
    jobId: (job) => `purge-expired-${job.trigger}`,
    // Each batch commits on its own: a retry resumes where the failed run stopped.
    options: { removeOnComplete: { count: 30, age: 30 * 86_400 } },
  },
  [JobName.RotateKeys]: {
    queue: QueueName.KeyRotation,
    // One pass per target key: the worker asks at every start, and one job results; the CLI
    // removes a finished one before asking again. Kept a month, so a start does not rescan.
    jobId: (job) => `rotate-keys-${job.keyId}`,
    options: {
      attempts: 10,
      backoff: { type: 'exponential', delay: 5_000 },
      removeOnComplete: { count: 20, age: 30 * 86_400 },
    },
  },
} as const satisfies { [N in JobName]: JobDefinition<N> };

/** The same entries, typed per name for lookups by a generic name. */
const DEFINITIONS: { [N in JobName]: JobDefinition<N> } = JOBS;

/** The queue a job goes to. */
export const queueOf = (name: JobName): QueueName => JOBS[name].queue;

export type JobOf<N extends JobName> = Job<JobPayloads[N], unknown, N>;

/** Any job a queue's worker may be handed, typed by its name. */
export type QueueJob<Q extends QueueName> = {
  [N in JobName]: (typeof JOBS)[N]['queue'] extends Q ? JobOf<N> : never;
}[JobName];

/** The options a job is added with: the default policy, its definition's, then the caller's. */
export function jobOptions<N extends JobName>(
  name: N,
  data: JobPayloads[N],
  overrides?: JobPolicy,
): JobsOptions {
  const definition = DEFINITIONS[name];
  return {
    ...DEFAULT_JOB_OPTIONS,
    ...definition.options,
    ...overrides,
    jobId: definition.jobId(data),
  };
}

/**
 * The prefix of every queue's keys. BullMQ's scripts touch several keys of a queue at once,
 * which Redis Cluster allows only within one hash slot: the braces make the prefix the hash tag.
 * A standalone Redis keeps BullMQ's default, so an upgrade finds its queued jobs where they were.
 */
export const queuePrefix = (config: { REDIS_CLUSTER: boolean }): string =>
  config.REDIS_CLUSTER ? '{bull}' : 'bull';
