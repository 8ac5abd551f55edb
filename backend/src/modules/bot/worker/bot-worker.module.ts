import { Module } from '@nestjs/common';
import { MessagesModule } from '../../messages/messages.module';
import { VisitorContextsModule } from '../../widgets/visitor-contexts';
import { BotModule } from '../bot.module';
import { BrainRegistry } from '../brains/brain-registry';
import { BotMetrics } from './bot-metrics';
import { BotRepliesProcessor } from './bot-replies.processor';
import { InFlightLimiter } from './in-flight-limiter';
import { OutboxRelay } from './outbox-relay';
import { ReplyCache } from './reply-cache';
import { StopSignals } from './stop-signals';

/** Writes bot replies: in the worker process, or inside the API with WORKER_MODE=inline. */
@Module({
  imports: [BotModule, MessagesModule, VisitorContextsModule],
  providers: [
    BrainRegistry,
    BotMetrics,
    ReplyCache,
    InFlightLimiter,
    StopSignals,
    BotRepliesProcessor,
    OutboxRelay,
  ],
})
export class BotWorkerModule {}
