import { DEFAULT_JOB_OPTIONS, jobOptions, JOBS, queueOf } from './job-definitions';
import { JobName, QueueName } from './job.types';

const pushed = {
  conversationId: 'c1',
  seq: 7,
  senderId: 'u1',
  senderName: 'U',
  excerpt: 'hi',
  mentions: [],
  mentionsHere: false,
};

describe('job definitions', () => {
  it('give every job a queue and an id BullMQ accepts', () => {
    expect(Object.keys(JOBS).sort()).toEqual(Object.values(JobName).sort());
    const ids = [
      jobOptions(JobName.BotReply, { triggerMessageId: 'm1', botId: 'b1' }).jobId,
      jobOptions(JobName.LinkPreview, { messageId: 'm1', url: 'https://x', editedAt: null }).jobId,
      jobOptions(JobName.Thumbnail, { attachmentId: 'a1' }).jobId,
      jobOptions(JobName.Push, { messages: [pushed, { ...pushed, seq: 8 }] }).jobId,
      jobOptions(JobName.Mail, {
        mailId: '7d1c0a52-3b9e-4c51-9a57-2f1e0c3d4b5a',
        to: 'a@example.com',
        template: 'reset-password',
        params: { displayName: 'A', workspaceName: 'W', url: 'https://x/reset-password/t' },
      }).jobId,
      jobOptions(JobName.ExpireGuests, { trigger: 'manual' }).jobId,
      jobOptions(JobName.SweepAttachments, { trigger: 'manual' }).jobId,
      jobOptions(JobName.FreeUsername, { userId: 'u1' }).jobId,
      jobOptions(JobName.SendScheduled, { scheduledId: '0b9e3c1e-5d2a-4f7b-8c6d-1a2b3c4d5e6f' })
        .jobId,
      jobOptions(JobName.Remind, { reminderId: '9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f' }).jobId,
    ];
    // BullMQ refuses ids with its key separator and ids that read as integers.
    for (const id of ids) {
      expect(id).not.toContain(':');
      expect(`${parseInt(id!, 10)}`).not.toBe(id);
    }
    expect(ids).toEqual([
      'm1_b1',
      'm1',
      'a1',
      'c1_7',
      '7d1c0a52-3b9e-4c51-9a57-2f1e0c3d4b5a',
      'expire-guests-manual',
      'sweep-attachments-manual',
      'free-username-u1',
      '0b9e3c1e-5d2a-4f7b-8c6d-1a2b3c4d5e6f',
      '9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f',
    ]);
  });

  it('names an edit of a message apart from the message as sent', () => {
    const edited = jobOptions(JobName.LinkPreview, {
      messageId: 'm1',
      url: 'https://x',
      editedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(edited.jobId).toBe(`m1_${Date.parse('2026-01-01T00:00:00.000Z')}`);
  });

  it('layers the default policy, the definition and the caller, in that order', () => {
    const reply = { triggerMessageId: 'm1', botId: 'b1' };
    expect(jobOptions(JobName.BotReply, reply)).toMatchObject(DEFAULT_JOB_OPTIONS);
    expect(jobOptions(JobName.BotReply, reply, { attempts: 9 }).attempts).toBe(9);
    expect(jobOptions(JobName.Thumbnail, { attachmentId: 'a1' }).attempts).toBe(5);
    expect(jobOptions(JobName.Push, { messages: [pushed] }).attempts).toBe(1);
  });

  it('keeps the queue names already on Redis', () => {
    expect(Object.values(JobName).map(queueOf)).toEqual([
      QueueName.BotReplies,
      QueueName.LinkPreviews,
      QueueName.Thumbnails,
      QueueName.Push,
      QueueName.Mail,
      QueueName.GuestExpiry,
      QueueName.AttachmentSweep,
      QueueName.DeletedAccounts,
      QueueName.ScheduledMessages,
      QueueName.Reminders,
      QueueName.DataExports,
      QueueName.DataExports,
      QueueName.Retention,
      QueueName.KeyRotation,
    ]);
    expect(Object.values(QueueName)).toEqual([
      'bot-replies',
      'link-previews',
      'attachment-thumbnails',
      'push-notifications',
      'mail',
      'guest-expiry',
      'attachment-sweep',
      'deleted-accounts',
      'scheduled-messages',
      'reminders',
      'data-exports',
      'retention',
      'key-rotation',
    ]);
  });
});
