import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagesModule } from '../messages/messages.module';
import { UsersModule } from '../users/users.module';
import { BotReplyOutboxEntity } from './bot-reply-outbox.entity';
import { BotEntity } from './bot.entity';
import { BotRepliesProducer } from './bot-replies.producer';
import { BotsRepository } from './bots.repository';
import { BotsService } from './bots.service';

/** Bots as users: seeding, the offered list, stop and retry, and handing replies to the queue. */
@Module({
  imports: [
    TypeOrmModule.forFeature([BotEntity, BotReplyOutboxEntity]),
    UsersModule,
    MessagesModule,
  ],
  providers: [BotsRepository, BotsService, BotRepliesProducer],
  exports: [BotsService, BotRepliesProducer],
})
export class BotModule {}
