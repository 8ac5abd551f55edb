import type { JobsOptions } from 'bullmq';

export const PUSH_QUEUE = 'push-notifications';
export const PUSH_JOB = 'notify';

/** What a notification needs of a message, carried in the job so the worker reads no message. */
export interface PushMessage {
  conversationId: string;
  seq: number;
  senderId: string;
  senderName: string;
  excerpt: string;
  mentions: string[];
  mentionsHere: boolean;
}

/** One job per tick of committed messages. */
export interface PushJob {
  messages: PushMessage[];
}

/** A push is useful now or never: no retries that would notify some people twice. */
export const PUSH_JOB_OPTIONS: JobsOptions = {
  attempts: 1,
  removeOnComplete: { count: 100, age: 600 },
  removeOnFail: { count: 1_000, age: 86_400 },
};
