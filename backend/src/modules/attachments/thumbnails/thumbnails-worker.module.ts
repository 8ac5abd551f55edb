import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttachmentEntity } from '../attachment.entity';
import { AttachmentsRepository } from '../attachments.repository';
import { AttachmentStorageModule } from '../storage/storage.module';
import { AttachmentSweepProcessor } from '../sweep/attachment-sweep.processor';
import { ThumbnailsProcessor } from './thumbnails.processor';

/**
 * Makes thumbnails and sweeps attachments: in the worker process, or inside the API with
 * WORKER_MODE=inline.
 */
@Module({
  imports: [TypeOrmModule.forFeature([AttachmentEntity]), AttachmentStorageModule],
  providers: [AttachmentsRepository, ThumbnailsProcessor, AttachmentSweepProcessor],
})
export class ThumbnailsWorkerModule {}
