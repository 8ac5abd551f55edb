import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { BotReplyJob } from '../../../common/jobs/job.types';
import type { AppConfig } from '../../../config/app-config';
import type { BotReplyMessages } from '../../messages/bot-replies/bot-reply-messages';
import type { MessageDto } from '../../messages/dto/message.dto';
import type { BotsService } from '../bots.service';
import { BotRepliesProcessor } from './bot-replies.processor';

/**
 * A job that gave up: its reply always ends visible. The chaos soak found replies that never
 * started (every attempt fell inside a PostgreSQL outage) settled without a trace.
 */
describe('BotRepliesProcessor.onFailed', () => {
  const data: BotReplyJob = { triggerMessageId: 'question', botId: 'bot' };
  const job = { data, id: 'question_bot', isFailed: () => Promise.resolve(true) };
  const trigger = {
    id: 'question',
    conversationId: 'conversation',
    threadRootId: 'root',
    deletedAt: null,
  } as unknown as MessageDto;
  const started = { id: 'reply', status: 'streaming', body: '' } as unknown as MessageDto;
  let messages: jest.Mocked<
    Pick<BotReplyMessages, 'findForReply' | 'findBotReply' | 'startBotReply' | 'updateBotReply'>
  >;
  let bots: jest.Mocked<Pick<BotsService, 'settle'>>;
  let processor: BotRepliesProcessor;

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    messages = {
      findForReply: jest.fn().mockResolvedValue(trigger),
      findBotReply: jest.fn().mockResolvedValue(null),
      startBotReply: jest.fn().mockResolvedValue(started),
      updateBotReply: jest.fn().mockResolvedValue(started),
    };
    bots = { settle: jest.fn().mockResolvedValue(undefined) };
    const config = { BOT_CONCURRENCY: 1, BOT_JOB_LOCK_MS: 1_000, BOT_REPLY_TIMEOUT_MS: 1_000 };
    const none = undefined as never;
    processor = new BotRepliesProcessor(
      config as AppConfig,
      messages as unknown as BotReplyMessages,
      bots as unknown as BotsService,
      none,
      none,
      none,
      none,
      none,
      none,
      none,
    );
  });
  afterEach(() => jest.restoreAllMocks());

  it('a reply that never started is started and failed, in the thread it was asked in', async () => {
    await processor.onFailed(job as unknown as Job<BotReplyJob>, new Error('connect ECONNREFUSED'));
    expect(messages.startBotReply).toHaveBeenCalledWith({
      conversationId: 'conversation',
      botId: 'bot',
      triggerMessageId: 'question',
      replyToId: 'question',
      threadRootId: 'root',
    });
    expect(messages.updateBotReply).toHaveBeenCalledWith(
      'reply',
      expect.objectContaining({ status: 'failed' }),
    );
    expect(bots.settle).toHaveBeenCalledWith(data);
  });

  it('a question deleted meanwhile gets no reply, and is no longer owed', async () => {
    messages.findForReply.mockResolvedValue({ ...trigger, deletedAt: 'now' });
    await processor.onFailed(job as unknown as Job<BotReplyJob>, new Error('x'));
    expect(messages.startBotReply).not.toHaveBeenCalled();
    expect(bots.settle).toHaveBeenCalledWith(data);
  });

  it('when the failure cannot be recorded, the reply stays owed for the sweep', async () => {
    messages.findForReply.mockRejectedValue(new Error('connect ECONNREFUSED'));
    await processor.onFailed(job as unknown as Job<BotReplyJob>, new Error('x'));
    expect(bots.settle).not.toHaveBeenCalled();
  });
});
