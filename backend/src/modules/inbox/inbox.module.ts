import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { MessagesModule } from '../messages/messages.module';
import { HandoffEntity } from './handoff.entity';
import { HandoffController, InboxController } from './inbox.controller';
import { InboxRepository } from './inbox.repository';
import { InboxService } from './inbox.service';

/** Hand-off from a widget's bot to a person, and the support agents' inbox. */
@Module({
  imports: [
    TypeOrmModule.forFeature([HandoffEntity]),
    ConversationsModule,
    MessagesModule,
    AuditModule,
  ],
  controllers: [InboxController, HandoffController],
  providers: [InboxRepository, InboxService],
})
export class InboxModule {}
