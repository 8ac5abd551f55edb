import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { AtRestEncryption } from '../../../common/encryption/at-rest-encryption';
import { AppConfig } from '../../../config/app-config';
import { AttachmentStorage } from './attachment-storage';
import { EncryptedStorage } from './encrypted.storage';
import { LocalDiskStorage } from './local-disk.storage';
import { type S3Connection, S3Storage } from './s3.storage';

/** S3_BUCKET set: an S3-compatible bucket; otherwise files under UPLOADS_DIR. */
export function createStorage(config: AppConfig): AttachmentStorage {
  if (!config.S3_BUCKET) return new LocalDiskStorage(config.UPLOADS_DIR);
  return new S3Storage({ bucket: config.S3_BUCKET, ...s3Connection(config) });
}

/** The S3 settings of the configuration (the attachment storage's; backups use them too). */
export function s3Connection(config: AppConfig): S3Connection {
  return {
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
  };
}

/** The storage, encrypting what it stores when encryption at rest is on. */
function createProcessStorage(config: AppConfig, encryption: AtRestEncryption): AttachmentStorage {
  const storage = createStorage(config);
  return encryption.enabled ? new EncryptedStorage(storage, encryption.ring) : storage;
}

/**
 * The bytes exactly as stored (sealed when encryption at rest is on), for what copies files
 * rather than reads them: a backup holds the ciphertext, never the plaintext, and a restore
 * writes it back as it was.
 */
export abstract class StoredBytesStorage extends AttachmentStorage {}

/** One storage per process, shared by attachments, thumbnails and avatars. */
@Module({
  providers: [
    {
      provide: AttachmentStorage,
      inject: [AppConfig, AtRestEncryption],
      useFactory: createProcessStorage,
    },
    {
      provide: StoredBytesStorage,
      inject: [AttachmentStorage],
      useFactory: (storage: AttachmentStorage) =>
        storage instanceof EncryptedStorage ? storage.inner : storage,
    },
  ],
  exports: [AttachmentStorage, StoredBytesStorage],
})
export class AttachmentStorageModule implements OnApplicationShutdown {
  constructor(private readonly storage: AttachmentStorage) {}

  onApplicationShutdown(): void {
    const storage = this.storage instanceof EncryptedStorage ? this.storage.inner : this.storage;
    if (storage instanceof S3Storage) storage.destroy();
  }
}
