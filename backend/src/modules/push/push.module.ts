import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessageDeliveryModule } from '../messages/delivery/message-delivery.module';
import { PushController } from './push.controller';
import { PushNotificationsProducer } from './push-notifications.producer';
import { PushSubscriptionEntity } from './push-subscription.entity';
import { PushSubscriptionsRepository } from './push-subscriptions.repository';
import { PushService } from './push.service';

/** Web Push in the API: browsers' subscriptions, and handing committed messages to the queue. */
@Module({
  imports: [TypeOrmModule.forFeature([PushSubscriptionEntity]), MessageDeliveryModule],
  controllers: [PushController],
  providers: [PushSubscriptionsRepository, PushService, PushNotificationsProducer],
})
export class PushModule {}
