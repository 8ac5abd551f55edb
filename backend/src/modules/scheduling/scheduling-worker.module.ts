import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConversationAccessModule } from '../conversations/access/conversation-access.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { MessagesModule } from '../messages/messages.module';
import { UsersModule } from '../users/users.module';
import { RemindProcessor } from './remind.processor';
import { ReminderEntity } from './reminder.entity';
import { RemindersBot } from './reminders-bot';
import { ScheduledMessageEntity } from './scheduled-message.entity';
import { ScheduledSendProcessor } from './scheduled-send.processor';
import { SchedulingRepository } from './scheduling.repository';

/** Sends scheduled messages and reminders when due: in the worker, or the API with WORKER_MODE=inline. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ScheduledMessageEntity, ReminderEntity]),
    MessagesModule,
    ConversationsModule,
    ConversationAccessModule,
    UsersModule,
  ],
  providers: [SchedulingRepository, RemindersBot, ScheduledSendProcessor, RemindProcessor],
})
export class SchedulingWorkerModule {}
