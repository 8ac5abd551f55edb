import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { AttachmentStorage } from './attachment-storage';
import { LocalDiskStorage } from './local-disk.storage';
import { S3Storage } from './s3.storage';

/** S3_BUCKET set: an S3-compatible bucket; otherwise files under UPLOADS_DIR. */
export function createStorage(config: AppConfig): AttachmentStorage {
  if (!config.S3_BUCKET) return new LocalDiskStorage(config.UPLOADS_DIR);
  return new S3Storage({
    bucket: config.S3_BUCKET,
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
  });
}

/** One storage per process, shared by attachments, thumbnails and avatars. */
@Module({
  providers: [{ provide: AttachmentStorage, inject: [AppConfig], useFactory: createStorage }],
  exports: [AttachmentStorage],
})
export class AttachmentStorageModule implements OnApplicationShutdown {
  constructor(private readonly storage: AttachmentStorage) {}

  onApplicationShutdown(): void {
    if (this.storage instanceof S3Storage) this.storage.destroy();
  }
}
