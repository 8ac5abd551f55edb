import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConversationAccessModule } from '../conversations/access/conversation-access.module';
import { UsersModule } from '../users/users.module';
import { MessageDeliveryModule } from './delivery/message-delivery.module';
import { MessageEntity } from './message.entity';
import { MessagesController } from './messages.controller';
import { MessagesRepository } from './messages.repository';
import { MessagesService } from './messages.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([MessageEntity]),
    UsersModule,
    // Membership only, through the narrow port: the conversations module builds on this one.
    ConversationAccessModule,
    MessageDeliveryModule,
  ],
  controllers: [MessagesController],
  providers: [MessagesRepository, MessagesService],
  exports: [MessagesService],
})
export class MessagesModule {}
