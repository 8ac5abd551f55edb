import type { JobsOptions } from 'bullmq';

export enum QueueName {
  BotReplies = 'bot-replies',
}

export enum JobName {
  Reply = 'reply',
}

/** One reply a bot owes: everything else is read fresh from the database when it runs. */
export interface BotReplyJob {
  triggerMessageId: string;
  botId: string;
}

/**
 * Derived from the message and the bot, so any number of enqueues (NOTIFY on every worker,
 * the sweep, a retry) make one job while it exists.
 */
export const botReplyJobId = (job: BotReplyJob) => `${job.triggerMessageId}_${job.botId}`;

export function botReplyJobOptions(attempts: number): JobsOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: 1_000 },
    // Bounded history: enough to inspect recent work, never growing without end.
    removeOnComplete: { count: 1_000, age: 3_600 },
    removeOnFail: { count: 5_000, age: 7 * 86_400 },
  };
}
