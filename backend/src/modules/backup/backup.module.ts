import { Module } from '@nestjs/common';
import { AttachmentStorageModule } from '../attachments/storage/storage.module';
import { BackupService } from './backup.service';
import { RestoreService } from './restore.service';

/** Backup and restore of the database and the stored files (the CLI's `backup`/`restore`). */
@Module({
  imports: [AttachmentStorageModule],
  providers: [BackupService, RestoreService],
  exports: [BackupService, RestoreService],
})
export class BackupModule {}
