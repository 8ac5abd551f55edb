import { Injectable, Logger } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import {
  isShutdownAbort,
  JobProcessor,
  type QueueProcessor,
  type WorkerSettings,
} from '../../../common/jobs/job-processor';
import { type BotReplyJob, QueueName } from '../../../common/jobs/job.types';
import { reportError } from '../../../common/telemetry/telemetry';
import { AppConfig } from '../../../config/app-config';
import type { MessageDto } from '../../messages/dto/message.dto';
import { BotReplyMessages } from '../../messages/bot-replies/bot-reply-messages';
import { RealtimePublisher } from '../../realtime/contract/realtime.publisher';
import { BotsService } from '../bots.service';
import { type BotBrain, streamText } from '../brains/bot-brain';
import { BrainRegistry } from '../brains/brain-registry';
import { BotMetrics } from './bot-metrics';
import { EmptyReplyError, failureReason } from './failure-reason';
import { InFlightLimiter } from './in-flight-limiter';
import { ReplyCache } from './reply-cache';
import { VisitorContexts } from '../../widgets/visitor-contexts';
import { buildPrompt, withVisitorContext } from './reply-prompt';
import { ReplyStream } from './reply-stream';
import { StopSignals } from './stop-signals';

/** A message body's limit; a longer reply is cut there. */
const MAX_REPLY_CHARS = 4000;
/** How long a job waits when its person already has the most replies in progress. */
const BUSY_DELAY_MS = 1_000;

class ShuttingDown extends Error {
  constructor() {
    super('worker shutting down');
  }
}

type Outcome = 'complete' | 'stopped' | 'failed' | 'retried' | 'skipped';

/**
 * The worker side of `bot-replies`: writes each owed reply into one bot message, streaming it
 * to the conversation as it grows. Safe to repeat: a retried or re-delivered job continues the
 * same message, and a reply already finished is never written twice.
 */
@Injectable()
@JobProcessor(QueueName.BotReplies)
export class BotRepliesProcessor implements QueueProcessor<QueueName.BotReplies> {
  private readonly logger = new Logger('BotReplies');
  readonly settings: WorkerSettings;

  constructor(
    private readonly config: AppConfig,
    private readonly messages: BotReplyMessages,
    private readonly bots: BotsService,
    private readonly brains: BrainRegistry,
    private readonly realtime: RealtimePublisher,
    private readonly cache: ReplyCache,
    private readonly inFlight: InFlightLimiter,
    private readonly stops: StopSignals,
    private readonly metrics: BotMetrics,
    private readonly visitors: VisitorContexts,
  ) {
    this.settings = {
      concurrency: config.BOT_CONCURRENCY,
      lockDuration: config.BOT_JOB_LOCK_MS,
      stalledInterval: Math.min(config.BOT_JOB_LOCK_MS, 30_000),
      maxStalledCount: 2,
    };
  }

  async handle(job: Job<BotReplyJob>, token?: string, signal?: AbortSignal): Promise<Outcome> {
    const { triggerMessageId, botId } = job.data;
    const trigger = await this.messages.findForReply(triggerMessageId);
    const provider = await this.bots.providerOf(botId);
    const brain = provider ? this.brains.for(provider) : null;
    if (!trigger || trigger.deletedAt || !provider || !brain) {
      // Nothing to answer any more; a reply already under way says why it stopped.
      const reply = await this.messages.findBotReply(botId, triggerMessageId);
      if (reply?.status === 'streaming') {
        await this.messages.updateBotReply(reply.id, {
          body: '',
          status: 'failed',
          failureReason: trigger?.deletedAt
            ? 'The question was deleted'
            : 'This bot is not offered',
        });
      }
      await this.bots.settle(job.data);
      return 'skipped';
    }
    const requesterId = trigger.sender.id;
    if (!(await this.inFlight.acquire(requesterId, job.id!))) {
      await job.moveToDelayed(Date.now() + BUSY_DELAY_MS, token);
      throw new DelayedError();
    }
    try {
      return await this.write(job, trigger, provider, brain, token, signal);
    } finally {
      await this.inFlight.release(requesterId, job.id!);
    }
  }

  private async write(
    job: Job<BotReplyJob>,
    trigger: MessageDto,
    provider: string,
    brain: BotBrain,
    token?: string,
    signal?: AbortSignal,
  ): Promise<Outcome> {
    const started = performance.now();
    let reply = await this.messages.findBotReply(job.data.botId, trigger.id);
    if (reply && reply.status !== 'streaming') {
      await this.bots.settle(job.data);
      return 'skipped';
    }
    if (!reply) {
      reply = await this.messages.startBotReply({
        conversationId: trigger.conversationId,
        botId: job.data.botId,
        triggerMessageId: trigger.id,
        replyToId: trigger.id,
        threadRootId: trigger.threadRootId,
      });
    } else {
      // An earlier attempt may have streamed part of it (deltas are not stored): clients clear
      // what they have and this attempt starts over.
      reply = await this.messages.updateBotReply(reply.id, { body: '', status: 'streaming' });
    }

    const stopped = await this.stops.watch(reply.id);
    const timeout = AbortSignal.timeout(this.config.BOT_REPLY_TIMEOUT_MS);
    const abort = AbortSignal.any(signal ? [stopped, timeout, signal] : [stopped, timeout]);
    const stream = new ReplyStream(this.realtime, trigger.conversationId, reply.id, () =>
      this.metrics.firstDelta.observe(
        { bot: provider },
        (Date.now() - Date.parse(trigger.createdAt)) / 1000,
      ),
    );
    let outcome: Outcome = 'failed';
    try {
      // Asked in a thread, the bot reads that thread (its root and replies), not the timeline.
      const recent = trigger.threadRootId
        ? await this.messages.threadUpTo(
            trigger.threadRootId,
            trigger.seq,
            this.config.BOT_CONTEXT_MESSAGES,
          )
        : await this.messages.recentUpTo(
            trigger.conversationId,
            trigger.seq,
            this.config.BOT_CONTEXT_MESSAGES,
          );
      // Only a widget visitor has a product page; nobody else pays for the lookup.
      const visitor =
        trigger.sender.serverRole === 'guest'
          ? await this.visitors.of(trigger.conversationId)
          : null;
      const prompt = withVisitorContext(
        buildPrompt(recent, trigger, job.data.botId, this.config.BOT_CONTEXT_CHARS),
        visitor,
      );
      const cacheKey =
        brain.deterministic && this.cache.enabled ? this.cache.key(provider, prompt) : null;
      const cached = cacheKey ? await this.cache.get(cacheKey) : null;
      const chunks = cached !== null ? streamText(cached, abort) : brain.reply(prompt, abort);
      for await (const chunk of chunks) {
        stream.push(chunk);
        if (stream.written.length >= MAX_REPLY_CHARS) break;
      }
      stream.flush();
      const body = stream.written.trim().slice(0, MAX_REPLY_CHARS);
      if (!body) throw new EmptyReplyError();
      await this.messages.updateBotReply(reply.id, { body, status: 'complete' });
      if (cacheKey && cached === null) await this.cache.set(cacheKey, body);
      await this.bots.settle(job.data);
      outcome = 'complete';
      return outcome;
    } catch (error) {
      if (stopped.aborted) {
        stream.flush();
        const body = stream.written.trim().slice(0, MAX_REPLY_CHARS) || '…';
        await this.messages.updateBotReply(reply.id, { body, status: 'stopped' });
        await this.bots.settle(job.data);
        outcome = 'stopped';
        return outcome;
      }
      stream.discard();
      if (isShutdownAbort(signal)) {
        // Handed back whole: another worker starts it over, and no attempt is used up.
        outcome = 'retried';
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError(new ShuttingDown().message);
      }
      const attempts = job.opts.attempts ?? 1;
      if (job.attemptsMade + 1 < attempts) {
        outcome = 'retried';
        this.logger.warn(
          `reply ${reply.id}: attempt ${job.attemptsMade + 1} of ${attempts} failed: ${String(error)}`,
        );
        throw error;
      }
      await this.fail(reply.id, stream.written, error);
      await this.bots.settle(job.data);
      return outcome;
    } finally {
      this.stops.unwatch(reply.id);
      this.metrics.replies.inc({ bot: provider, outcome });
      this.metrics.duration.observe(
        { bot: provider, outcome },
        (performance.now() - started) / 1000,
      );
    }
  }

  private async fail(replyId: string, written: string, error: unknown): Promise<void> {
    const reason = failureReason(error, this.config.BOT_REPLY_TIMEOUT_MS);
    this.logger.warn(`reply ${replyId} failed: ${reason} (${String(error)})`);
    // The job settles (the reply shows as failed) rather than failing: report it here.
    reportError(error, { queue: QueueName.BotReplies });
    await this.messages.updateBotReply(replyId, {
      body: written.trim().slice(0, MAX_REPLY_CHARS),
      status: 'failed',
      failureReason: reason,
    });
  }

  /**
   * A job that gave up (its attempts used, or it stalled too often): its reply fails visibly,
   * one that never started too (every attempt failed before it, e.g. PostgreSQL was away), so
   * the person sees the failure and can ask again. When that cannot be recorded, the reply
   * stays owed and the outbox sweep runs the job again.
   */
  async onFailed(job: Job<BotReplyJob>, error: Error): Promise<void> {
    if (!(await job.isFailed().catch(() => false))) return;
    try {
      const { botId, triggerMessageId } = job.data;
      const trigger = await this.messages.findForReply(triggerMessageId);
      const reply =
        (await this.messages.findBotReply(botId, triggerMessageId)) ??
        (trigger && !trigger.deletedAt
          ? await this.messages.startBotReply({
              conversationId: trigger.conversationId,
              botId,
              triggerMessageId,
              replyToId: trigger.id,
              threadRootId: trigger.threadRootId,
            })
          : null);
      if (reply?.status === 'streaming') await this.fail(reply.id, reply.body ?? '', error);
      await this.bots.settle(job.data);
    } catch (failure) {
      this.logger.error(`could not record the failure of job ${job.id}: ${String(failure)}`);
    }
  }
}
