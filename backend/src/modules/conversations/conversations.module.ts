import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagesModule } from '../messages/messages.module';
import { UsersModule } from '../users/users.module';
import { WorkspaceModule } from '../workspace/workspace.module';
import { ConversationAccessModule } from './access/conversation-access.module';
import { ChannelsController } from './channels.controller';
import { ChannelsRepository } from './channels.repository';
import { ChannelsService } from './channels.service';
import { ConversationSummariesService } from './conversation-summaries.service';
import { ConversationEntity } from './conversation.entity';
import { ConversationsController } from './conversations.controller';
import { ConversationsRepository } from './conversations.repository';
import { ConversationsService } from './conversations.service';
import { GroupChanges } from './group-changes';
import { GroupLifeService } from './group-life.service';
import { MemberEntity } from './member.entity';
import { MembershipService } from './membership.service';
import { VisitorSupportService } from './visitor-support.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([ConversationEntity, MemberEntity]),
    UsersModule,
    // Who may create channels is a workspace setting.
    WorkspaceModule,
    ConversationAccessModule,
    // Summaries show each conversation's last message; system lines are announced like any
    // message. The messages module sees conversations only through ConversationAccessModule.
    MessagesModule,
  ],
  controllers: [ConversationsController, ChannelsController],
  providers: [
    ConversationsRepository,
    ChannelsRepository,
    ChannelsService,
    GroupChanges,
    ConversationSummariesService,
    GroupLifeService,
    MembershipService,
    ConversationsService,
    VisitorSupportService,
  ],
  // GroupLifeService: the widget opens a visitor's conversation with its bot;
  // VisitorSupportService: the inbox puts an agent in it and takes them out.
  exports: [ConversationsService, GroupLifeService, VisitorSupportService],
})
export class ConversationsModule {}
