import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConversationAccessModule } from '../conversations/access/conversation-access.module';
import { AttachmentEntity } from './attachment.entity';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';
import { AvatarsController } from './avatars/avatars.controller';
import { AvatarsService } from './avatars/avatars.service';
import { AttachmentStorageModule } from './storage/storage.module';
import { ThumbnailsProducer } from './thumbnails/thumbnails.producer';
import { UploadRateLimit } from './upload-rate-limit';

/**
 * Files and images in conversations (upload, members-only download, thumbnails via the
 * `attachment-thumbnails` queue) and profile photos. Messages build on it; it knows no messages.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([AttachmentEntity]),
    ConversationAccessModule,
    AttachmentStorageModule,
  ],
  controllers: [AttachmentsController, AvatarsController],
  providers: [
    AttachmentsRepository,
    AttachmentsService,
    AvatarsService,
    ThumbnailsProducer,
    UploadRateLimit,
  ],
  exports: [AttachmentsService, AvatarsService],
})
export class AttachmentsModule {}
