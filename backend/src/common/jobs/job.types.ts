/**
 * The job contract every process shares: queue and job names, and what each job carries. It
 * imports no feature module, so every module can import it.
 *
 * The names are stored on Redis: changing one strands the jobs already queued under it.
 *
 * A new queue: (1) here, a `QueueName` and a `JobName` entry and the payload in `JobPayloads`;
 * (2) its `JOBS` entry in job-definitions.ts: the queue, a `jobId` built from the payload's
 * domain ids, and any departure from the default retry/removal policy; (3) a provider with
 * `@JobProcessor(QueueName.X)` implementing `QueueProcessor<QueueName.X>`, in a module listed
 * in `JOB_PROCESSOR_MODULES` (worker.module.ts). Producers inject `JobQueue` and call
 * `add(JobName.X, payload)`; depth shows in `job_queue_jobs{queue="x"}` by itself.
 */
export enum QueueName {
  BotReplies = 'bot-replies',
  LinkPreviews = 'link-previews',
  Thumbnails = 'attachment-thumbnails',
  Push = 'push-notifications',
  Mail = 'mail',
  GuestExpiry = 'guest-expiry',
  AttachmentSweep = 'attachment-sweep',
  DeletedAccounts = 'deleted-accounts',
  ScheduledMessages = 'scheduled-messages',
  Reminders = 'reminders',
  DataExports = 'data-exports',
  Retention = 'retention',
  KeyRotation = 'key-rotation',
}

export enum JobName {
  BotReply = 'reply',
  LinkPreview = 'preview',
  Thumbnail = 'thumbnail',
  Push = 'notify',
  Mail = 'send',
  ExpireGuests = 'expire-guests',
  SweepAttachments = 'sweep-attachments',
  FreeUsername = 'free-username',
  SendScheduled = 'send-scheduled',
  Remind = 'remind',
  BuildExport = 'build-export',
  ExpireExports = 'expire-exports',
  PurgeExpired = 'purge-expired',
  RotateKeys = 'rotate-keys',
}

/** One reply a bot owes: everything else is read fresh from the database when it runs. */
export interface BotReplyJob {
  triggerMessageId: string;
  botId: string;
}

/** One message's link to preview; the message is read fresh when the job runs. */
export interface LinkPreviewJob {
  messageId: string;
  url: string;
  /** The edit the link comes from (null: as sent), so a later edit makes a new job. */
  editedAt: string | null;
}

/** One image to measure and shrink; everything else is read fresh from the row. */
export interface ThumbnailJob {
  attachmentId: string;
}

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

/** The account mails there are; each has a plain-text and an HTML template. */
export type MailTemplate = 'verify-email' | 'reset-password' | 'export-ready';

/**
 * One mail to send, rendered by the worker from its template. `url` carries a single-use,
 * one-hour token: completed jobs are dropped quickly so it does not linger in Redis.
 */
export interface MailJob {
  /** Unique per mail (the job id): retrying the enqueue never mails twice. */
  mailId: string;
  to: string;
  template: MailTemplate;
  params: { displayName: string; workspaceName: string; url: string };
}

/** The daily sweep of idle widget visitors; the cutoff is read from configuration when it runs. */
export interface ExpireGuestsJob {
  /** Why it runs: the daily schedule, or a person (tests, an operator). */
  trigger: 'daily' | 'manual';
}

/**
 * The periodic attachment sweep: files nobody may download any more are deleted, thumbnails
 * whose job was lost are queued again or given up on.
 */
export interface SweepAttachmentsJob {
  trigger: 'schedule' | 'manual';
}

/** A deleted account whose username is free again once the grace period has passed. */
export interface FreeUsernameJob {
  userId: string;
}

/** A scheduled message that is due: the row (the truth) is read when it runs. */
export interface SendScheduledJob {
  scheduledId: string;
}

/** A reminder that is due: the row (the truth) is read when it runs. */
export interface RemindJob {
  reminderId: string;
}

/** One person's data export to build into a ZIP; the row holds everything else. */
export interface BuildExportJob {
  exportId: string;
}

/** The sweep that deletes ready exports past their expiry (the file, and the row's status). */
export interface ExpireExportsJob {
  trigger: 'hourly' | 'manual';
}

/** The daily run of the `retentionDays` setting; the setting is read when it runs. */
export interface PurgeExpiredJob {
  trigger: 'daily' | 'manual';
}

/** What the key rotation re-encrypts, in this order (`KEY_ROTATION_KINDS`). */
export type KeyRotationKind = 'messages' | 'scheduled' | 'twoFactor' | 'files';

/**
 * Re-encrypt every value not under `keyId` (the current key; plaintext included). The job's
 * data is also its saved place: after each batch the processor writes the cursor and the counts
 * back, so a retried job (its worker killed) resumes there.
 */
export interface RotateKeysJob {
  keyId: string;
  trigger: 'cli' | 'start';
  cursor?: { kind: KeyRotationKind; after: string | null };
  counts?: Record<KeyRotationKind, number>;
  /** Values that did not decrypt (their key is gone, or they were tampered with): left as they are. */
  unreadable?: number;
}

export interface JobPayloads {
  [JobName.BotReply]: BotReplyJob;
  [JobName.LinkPreview]: LinkPreviewJob;
  [JobName.Thumbnail]: ThumbnailJob;
  [JobName.Push]: PushJob;
  [JobName.Mail]: MailJob;
  [JobName.ExpireGuests]: ExpireGuestsJob;
  [JobName.SweepAttachments]: SweepAttachmentsJob;
  [JobName.FreeUsername]: FreeUsernameJob;
  [JobName.SendScheduled]: SendScheduledJob;
  [JobName.Remind]: RemindJob;
  [JobName.BuildExport]: BuildExportJob;
  [JobName.ExpireExports]: ExpireExportsJob;
  [JobName.PurgeExpired]: PurgeExpiredJob;
  [JobName.RotateKeys]: RotateKeysJob;
}
