import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages.module';
import { DeliveryRelay } from './delivery-relay';
import { MessageDeliveryModule } from './message-delivery.module';

/** The relay of owed announcements: API processes only (they hold the sockets). */
@Module({
  imports: [MessageDeliveryModule, MessagesModule],
  providers: [DeliveryRelay],
})
export class DeliveryRelayModule {}
