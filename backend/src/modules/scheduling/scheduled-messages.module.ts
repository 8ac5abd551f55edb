import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConversationAccessModule } from '../conversations/access/conversation-access.module';
import { ReminderEntity } from './reminder.entity';
import { ScheduledController } from './scheduled.controller';
import { ScheduledMessageEntity } from './scheduled-message.entity';
import { ScheduledMessagesService } from './scheduled-messages.service';
import { SchedulingRepository } from './scheduling.repository';

/**
 * Scheduling messages, the author's side. The messages module imports it (a send with `sendAt`
 * lands here); the sending itself is `SchedulingWorkerModule`'s, which builds on messages.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([ScheduledMessageEntity, ReminderEntity]),
    ConversationAccessModule,
  ],
  controllers: [ScheduledController],
  providers: [SchedulingRepository, ScheduledMessagesService],
  exports: [ScheduledMessagesService],
})
export class ScheduledMessagesModule {}
