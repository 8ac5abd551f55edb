import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttachmentsModule } from '../attachments/attachments.module';
import { ConversationAccessModule } from '../conversations/access/conversation-access.module';
import { ScheduledMessagesModule } from '../scheduling/scheduled-messages.module';
import { UsersModule } from '../users/users.module';
import { BotReplyMessages } from './bot-replies/bot-reply-messages';
import { ConversationMessagesPort } from './conversation-messages.port';
import { MessageDeliveryModule } from './delivery/message-delivery.module';
import { LinkPreviewsModule } from './link-preview/link-previews.module';
import { MessageEntity } from './message.entity';
import { MessageText } from './message-text';
import { MessageViews } from './message-views';
import { MessagesController } from './messages.controller';
import { MessagesRepository } from './messages.repository';
import { MessagesService } from './messages.service';
import { MessagePageCache } from './page-cache/message-page-cache';
import { MessageSender } from './send/message-sender';
import { SendBatcher } from './send/send-batcher';
import { SendMetrics } from './send/send-metrics';
import { ReactionEntity } from './reactions/reaction.entity';
import { ReactionsController } from './reactions/reactions.controller';
import { ReactionsRepository } from './reactions/reactions.repository';
import { ReactionsService } from './reactions/reactions.service';
import { MessageThreadEntity } from './threads/message-thread.entity';
import { ThreadFollowerEntity } from './threads/thread-follower.entity';
import { ThreadsController } from './threads/threads.controller';
import { ThreadsRepository } from './threads/threads.repository';
import { ThreadsService } from './threads/threads.service';
import { ForwardService } from './forward/forward.service';
import { MessagePinEntity } from './pins/message-pin.entity';
import { PinsController } from './pins/pins.controller';
import { PinsRepository } from './pins/pins.repository';
import { PinsService } from './pins/pins.service';
import { SavedController } from './saved/saved.controller';
import { SavedRepository } from './saved/saved.repository';
import { SavedService } from './saved/saved.service';
import { SavedMessageEntity } from './saved/saved-message.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      MessageEntity,
      ReactionEntity,
      MessageThreadEntity,
      ThreadFollowerEntity,
      MessagePinEntity,
      SavedMessageEntity,
    ]),
    UsersModule,
    // Membership only, through the narrow port: the conversations module builds on this one.
    ConversationAccessModule,
    MessageDeliveryModule,
    LinkPreviewsModule,
    AttachmentsModule,
    // A send with `sendAt` is scheduled instead.
    ScheduledMessagesModule,
  ],
  controllers: [
    MessagesController,
    ReactionsController,
    ThreadsController,
    PinsController,
    SavedController,
  ],
  providers: [
    MessagesRepository,
    MessageText,
    MessagesService,
    MessagePageCache,
    MessageViews,
    MessageSender,
    SendBatcher,
    SendMetrics,
    ReactionsRepository,
    ReactionsService,
    ConversationMessagesPort,
    BotReplyMessages,
    ThreadsRepository,
    ThreadsService,
    PinsRepository,
    PinsService,
    SavedRepository,
    SavedService,
    ForwardService,
  ],
  exports: [MessagesService, ConversationMessagesPort, BotReplyMessages],
})
export class MessagesModule {}
