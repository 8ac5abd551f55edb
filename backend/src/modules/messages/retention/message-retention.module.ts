import { Module } from '@nestjs/common';
import { MessageRetention } from './message-retention';

/** The retention rule's deletes, for the worker's daily job (modules/retention). */
@Module({
  providers: [MessageRetention],
  exports: [MessageRetention],
})
export class MessageRetentionModule {}
