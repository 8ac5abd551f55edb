import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessageEntity } from '../message.entity';
import { MessageText } from '../message-text';
import { MessagesModule } from '../messages.module';
import { LinkPreviewEntity } from './link-preview.entity';
import { LinkPreviewProcessor } from './link-preview.processor';
import { LinkPreviewsRepository } from './link-previews.repository';

/** Makes link previews: in the worker process, or inside the API with WORKER_MODE=inline. */
@Module({
  imports: [TypeOrmModule.forFeature([LinkPreviewEntity, MessageEntity]), MessagesModule],
  providers: [LinkPreviewsRepository, LinkPreviewProcessor, MessageText],
})
export class LinkPreviewWorkerModule {}
