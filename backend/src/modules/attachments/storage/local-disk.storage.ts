import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { AttachmentStorage, StoredObjectMissing } from './attachment-storage';

/**
 * Files under one directory (UPLOADS_DIR). Writes go to a temporary name and are renamed into
 * place once complete, so a reader never sees half a file and a failed write leaves none.
 */
export class LocalDiskStorage extends AttachmentStorage {
  private readonly root: string;

  constructor(dir: string) {
    super();
    this.root = resolve(dir);
  }

  async put(key: string, body: Readable): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}.${randomUUID()}.part`;
    try {
      await pipeline(body, createWriteStream(partial, { flags: 'wx' }));
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  get(key: string): Promise<Readable> {
    const stream = createReadStream(this.pathOf(key));
    // Open first, so a missing file is a rejected promise rather than a broken response.
    return new Promise((ok, fail) => {
      stream.once('open', () => ok(stream));
      stream.once('error', (error: NodeJS.ErrnoException) =>
        fail(error.code === 'ENOENT' ? new StoredObjectMissing(key) : error),
      );
    });
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    const path = join(this.root, key);
    if (!path.startsWith(this.root + '/')) throw new Error(`storage key outside the root: ${key}`);
    return path;
  }
}
