import type { Readable } from 'node:stream';

export interface PutOptions {
  contentType: string;
  /** Known up front only for bytes the server made itself (thumbnails, avatars). */
  size?: number;
}

/** Raised by `get` for a key that holds nothing. */
export class StoredObjectMissing extends Error {
  constructor(key: string) {
    super(`no stored object at ${key}`);
  }
}

/**
 * Where attachment and avatar bytes live: local disk or an S3-compatible bucket (see
 * storage.module.ts). Keys are server-made (`attachments/<uuid>`), never client text.
 */
export abstract class AttachmentStorage {
  /** Streams `body` to `key`; a body that errors leaves nothing stored under `key`. */
  abstract put(key: string, body: Readable, options: PutOptions): Promise<void>;
  /** The stored bytes; rejects with StoredObjectMissing when there are none. */
  abstract get(key: string): Promise<Readable>;
  /** Removes `key`; removing what is not there is not an error. */
  abstract delete(key: string): Promise<void>;
}
