import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagesModule } from '../messages/messages.module';
import { ReminderEntity } from './reminder.entity';
import { RemindersController } from './reminders.controller';
import { RemindersService } from './reminders.service';
import { ScheduledMessageEntity } from './scheduled-message.entity';
import { SchedulingRepository } from './scheduling.repository';

/** Reminders about messages, the person's side; the bot's side is `SchedulingWorkerModule`'s. */
@Module({
  imports: [TypeOrmModule.forFeature([ScheduledMessageEntity, ReminderEntity]), MessagesModule],
  controllers: [RemindersController],
  providers: [SchedulingRepository, RemindersService],
})
export class RemindersModule {}
