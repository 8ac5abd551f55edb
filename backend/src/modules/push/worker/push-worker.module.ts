import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PresenceStoreModule } from '../../presence/presence-store.module';
import { PushSubscriptionEntity } from '../push-subscription.entity';
import { PushSubscriptionsRepository } from '../push-subscriptions.repository';
import { PushNotificationsProcessor } from './push-notifications.processor';
import { PushSender } from './push-sender';

/** Sends Web Push: in the worker process, or inside the API with WORKER_MODE=inline. */
@Module({
  imports: [TypeOrmModule.forFeature([PushSubscriptionEntity]), PresenceStoreModule],
  providers: [PushSubscriptionsRepository, PushSender, PushNotificationsProcessor],
})
export class PushWorkerModule {}
