import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig, type BuiltInBot } from '../../config/app-config';
import { BotReplyMessages, triggerOfBotReply } from '../messages/bot-replies/bot-reply-messages';
import { MessagesService } from '../messages/messages.service';
import { toUserDto } from '../users/users.mapper';
import { UsersService } from '../users/users.service';
import { BOT_CATALOG, NO_MODEL_REASON } from './bot-catalog';
import { BotRepliesProducer } from './bot-replies.producer';
import type { BotReplyJob } from '../../common/jobs/job.types';
import { BotsRepository } from './bots.repository';
import type { BotDto } from './dto/bot.dto';
import type { RedisClient } from '../../common/redis/redis.module';

/** Workers listen here for replies to stop; the key covers a reply whose job has not started. */
export const STOP_CHANNEL = 'bot:stop';
export const stopKey = (messageId: string) => `bot:stop:${messageId}`;
const STOP_TTL_MS = 600_000;

@Injectable()
export class BotsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bots');

  constructor(
    private readonly bots: BotsRepository,
    private readonly users: UsersService,
    private readonly messages: MessagesService,
    private readonly replies: BotReplyMessages,
    private readonly producer: BotRepliesProducer,
    private readonly config: AppConfig,
    @Inject(Redis) private readonly redis: RedisClient,
  ) {}

  /** Seeds the configured bots, idempotently (every process does it at start; they agree). */
  async onApplicationBootstrap(): Promise<void> {
    for (const name of this.config.enabledBots) {
      const definition = BOT_CATALOG[name];
      const user = await this.users.upsertBot(definition);
      if (!user) {
        this.logger.warn(`bot "${name}" not offered: a person already has that username`);
        continue;
      }
      await this.bots.upsert({
        userId: user.id,
        provider: name,
        description: definition.description,
      });
    }
  }

  async list(): Promise<BotDto[]> {
    const rows = await this.bots.list(this.config.enabledBots);
    return rows.map((bot) => {
      const definition = BOT_CATALOG[bot.provider as BuiltInBot];
      const available = !definition.needsModel || this.config.LLM_BASE_URL !== undefined;
      return {
        ...toUserDto(bot.user!),
        description: available
          ? bot.description
          : (definition.descriptionWithoutModel ?? bot.description),
        available,
        unavailableReason: available ? null : NO_MODEL_REASON,
      };
    });
  }

  /** The brain behind a bot user, or null when the user is not an offered bot. */
  async providerOf(userId: string): Promise<string | null> {
    const bot = await this.bots.findByUserId(userId);
    return bot && (this.config.enabledBots as string[]).includes(bot.provider)
      ? bot.provider
      : null;
  }

  /** The reply was written (or finally failed): it is no longer owed. */
  settle(reply: BotReplyJob): Promise<void> {
    return this.bots.settle(reply);
  }

  /** Replies owed for longer than `olderThanMs`, whose hand-off to the queue may have been missed. */
  overdue(olderThanMs: number, limit: number): Promise<BotReplyJob[]> {
    return this.bots.overdue(olderThanMs, limit);
  }

  /** Stops a reply being written: what is written so far becomes the reply. */
  async stop(messageId: string, userId: string): Promise<void> {
    const reply = await this.messages.getVisible(messageId, userId);
    if (reply.kind !== 'bot') throw new ConflictException('only bot replies can be stopped');
    if (reply.status !== 'streaming') return;
    await this.redis.set(stopKey(messageId), '1', 'PX', STOP_TTL_MS);
    await this.redis.publish(STOP_CHANNEL, messageId);
  }

  /** Asks the bot again for a reply that failed or was stopped; the same message is rewritten. */
  async retry(messageId: string, userId: string): Promise<void> {
    const reply = await this.messages.getVisible(messageId, userId);
    const triggerMessageId = triggerOfBotReply(reply.clientMessageId);
    if (reply.kind !== 'bot' || triggerMessageId === null) {
      throw new ConflictException('only bot replies can be retried');
    }
    if (reply.status !== 'failed' && reply.status !== 'stopped')
      throw new ConflictException('only a failed or stopped reply can be retried');
    const job: BotReplyJob = { triggerMessageId, botId: reply.sender.id };
    await this.bots.owe(job);
    await this.redis.del(stopKey(messageId));
    await this.replies.updateBotReply(messageId, { body: '', status: 'streaming' });
    await this.producer.enqueueAgain(job);
  }
}
