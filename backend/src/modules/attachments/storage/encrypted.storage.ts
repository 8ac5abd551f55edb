import { pipeline, type Readable } from 'node:stream';
import type { KeyRing } from '../../../common/encryption/key-ring';
import { decryptFileStream, encryptFileStream } from '../../../common/encryption/segmented-file';
import { AttachmentStorage, type PutOptions } from './attachment-storage';

/**
 * Encryption at rest for files, thumbnails, avatars and exports: any storage, with every object
 * written in authenticated segments under the ring's current key and read back with whichever
 * key its header names (see segmented-file.ts); objects stored before are read as they are.
 * Streams both ways: never a whole file in memory.
 */
export class EncryptedStorage extends AttachmentStorage {
  constructor(
    readonly inner: AttachmentStorage,
    private readonly ring: KeyRing,
  ) {
    super();
  }

  put(key: string, body: Readable, { contentType }: PutOptions): Promise<void> {
    // The stored size is not the plaintext's: left for the storage to count.
    const sealed = pipeline(body, encryptFileStream(this.ring), () => undefined);
    return this.inner.put(key, sealed, { contentType });
  }

  async get(key: string): Promise<Readable> {
    return pipeline(await this.inner.get(key), decryptFileStream(this.ring), () => undefined);
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }
}
