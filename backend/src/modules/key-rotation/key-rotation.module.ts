import { Module } from '@nestjs/common';
import { AttachmentStorageModule } from '../attachments/storage/storage.module';
import { FileRotation } from './file-rotation';
import { KeyRotationRepository } from './key-rotation.repository';
import { KeyRotationService } from './key-rotation.service';

/** Where encrypted values and files are stored and under which keys: for the rotation and the CLI. */
@Module({
  imports: [AttachmentStorageModule],
  providers: [KeyRotationRepository, KeyRotationService, FileRotation],
  exports: [KeyRotationRepository, KeyRotationService, FileRotation],
})
export class KeyRotationModule {}
