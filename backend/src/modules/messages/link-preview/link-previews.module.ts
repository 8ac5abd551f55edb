import { Module } from '@nestjs/common';
import { MessageDeliveryModule } from '../delivery/message-delivery.module';
import { LinkPreviewProducer } from './link-preview.producer';

/** Queues link previews for new and edited messages (the worker side: LinkPreviewWorkerModule). */
@Module({
  imports: [MessageDeliveryModule],
  providers: [LinkPreviewProducer],
  exports: [LinkPreviewProducer],
})
export class LinkPreviewsModule {}
