import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommittedMessages } from './committed-messages';
import { DeliveryOutboxRepository } from './delivery-outbox.repository';
import { MessageAnnouncer } from './message-announcer';
import { MessageDeliveryOutboxEntity } from './message-delivery-outbox.entity';

/** The delivery outbox: announcing committed messages and settling their rows. */
@Module({
  imports: [TypeOrmModule.forFeature([MessageDeliveryOutboxEntity])],
  providers: [DeliveryOutboxRepository, MessageAnnouncer, CommittedMessages],
  exports: [MessageAnnouncer, DeliveryOutboxRepository, CommittedMessages],
})
export class MessageDeliveryModule {}
