import { forwardRef, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessageDeliveryModule } from '../messages/delivery/message-delivery.module';
import { MessagesModule } from '../messages/messages.module';
import { UsersModule } from '../users/users.module';
import { ConversationEntity } from './conversation.entity';
import { ConversationsController } from './conversations.controller';
import { ConversationsRepository } from './conversations.repository';
import { ConversationsService } from './conversations.service';
import { MemberEntity } from './member.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([ConversationEntity, MemberEntity]),
    UsersModule,
    // Summaries show each conversation's last message; messages need membership and seqs.
    forwardRef(() => MessagesModule),
    // System messages are announced (and their delivery settled) like any message.
    MessageDeliveryModule,
  ],
  controllers: [ConversationsController],
  providers: [ConversationsRepository, ConversationsService],
  exports: [ConversationsService],
})
export class ConversationsModule {}
