import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttachmentsModule } from '../attachments/attachments.module';
import { ConversationAccessModule } from '../conversations/access/conversation-access.module';
import { UsersModule } from '../users/users.module';
import { BotReplyMessages } from './bot-replies/bot-reply-messages';
import { ConversationMessagesPort } from './conversation-messages.port';
import { MessageDeliveryModule } from './delivery/message-delivery.module';
import { LinkPreviewsModule } from './link-preview/link-previews.module';
import { MessageEntity } from './message.entity';
import { MessageViews } from './message-views';
import { MessagesController } from './messages.controller';
import { MessagesRepository } from './messages.repository';
import { MessagesService } from './messages.service';
import { MessageSender } from './send/message-sender';
import { SendBatcher } from './send/send-batcher';
import { ReactionEntity } from './reactions/reaction.entity';
import { ReactionsController } from './reactions/reactions.controller';
import { ReactionsRepository } from './reactions/reactions.repository';
import { ReactionsService } from './reactions/reactions.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([MessageEntity, ReactionEntity]),
    UsersModule,
    // Membership only, through the narrow port: the conversations module builds on this one.
    ConversationAccessModule,
    MessageDeliveryModule,
    LinkPreviewsModule,
    AttachmentsModule,
  ],
  controllers: [MessagesController, ReactionsController],
  providers: [
    MessagesRepository,
    MessagesService,
    MessageViews,
    MessageSender,
    SendBatcher,
    ReactionsRepository,
    ReactionsService,
    ConversationMessagesPort,
    BotReplyMessages,
  ],
  exports: [MessagesService, ConversationMessagesPort, BotReplyMessages],
})
export class MessagesModule {}
