import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { KeyRing } from './key-ring';

/**
 * Files at rest, streamed in authenticated segments (the STREAM construction): a header
 * `CHATENC1 | key id length | key id | 8-byte random nonce prefix`, then segments of at most
 * 64 KiB of plaintext, each AES-256-GCM with the nonce `prefix | segment counter` and a 16-byte
 * tag. Each segment's additional data is the header plus a flag that is set on the last one
 * only, so a reordered, dropped, swapped-in or cut-off segment (even at a segment boundary)
 * does not decrypt. Neither direction ever holds more than a segment or two in memory.
 *
 * Bytes without the header are a file stored before encryption was on: read as they are.
 */
export const FILE_MAGIC = Buffer.from('CHATENC1', 'ascii');
export const SEGMENT_BYTES = 64 * 1024;
const TAG_BYTES = 16;
const PREFIX_BYTES = 8;
const MAX_COUNTER = 0xffff_ffff;

export class FileDecryptionError extends Error {}

/** The most bytes `sealedFileKeyId` needs: the magic, the id's length and a 255-byte id. */
export const FILE_HEADER_PROBE_BYTES = FILE_MAGIC.length + 1 + 255;

/**
 * The key a stored file was sealed with, from its first bytes; null for a file stored before
 * encryption was on (no header).
 */
export function sealedFileKeyId(head: Buffer): string | null {
  if (head.length <= FILE_MAGIC.length || !head.subarray(0, FILE_MAGIC.length).equals(FILE_MAGIC))
    return null;
  const idLength = head[FILE_MAGIC.length];
  return head.subarray(FILE_MAGIC.length + 1, FILE_MAGIC.length + 1 + idLength).toString('ascii');
}

function nonce(prefix: Buffer, counter: number): Buffer {
  if (counter > MAX_COUNTER) throw new FileDecryptionError('file too large for one nonce prefix');
  const iv = Buffer.alloc(12);
  prefix.copy(iv, 0);
  iv.writeUInt32BE(counter, PREFIX_BYTES);
  return iv;
}

const additionalData = (header: Buffer, last: boolean) =>
  Buffer.concat([header, Buffer.from([last ? 1 : 0])]);

/** Encrypts a stream with the ring's current key. */
export function encryptFileStream(ring: KeyRing): Transform {
  const keyId = ring.currentKeyId;
  if (!keyId) throw new FileDecryptionError('encryption at rest is off');
  const key = ring.keyFor(keyId);
  const id = Buffer.from(keyId, 'ascii');
  const prefix = randomBytes(PREFIX_BYTES);
  const header = Buffer.concat([FILE_MAGIC, Buffer.from([id.length]), id, prefix]);
  let pending: Buffer = Buffer.alloc(0);
  let counter = 0;
  const seal = (plain: Buffer, last: boolean) => {
    const cipher = createCipheriv('aes-256-gcm', key, nonce(prefix, counter++));
    cipher.setAAD(additionalData(header, last));
    return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  };
  return new Transform({
    construct(callback) {
      this.push(header);
      callback();
    },
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      // A full segment goes out only once more follows it: the last one must carry the flag.
      while (pending.length > SEGMENT_BYTES) {
        this.push(seal(pending.subarray(0, SEGMENT_BYTES), false));
        pending = pending.subarray(SEGMENT_BYTES);
      }
      callback();
    },
    flush(callback: TransformCallback) {
      this.push(seal(pending, true));
      callback();
    },
  });
}

/**
 * Decrypts what `encryptFileStream` wrote, with whichever key of the ring its header names;
 * passes bytes without the header through unchanged. A fault errors the stream.
 */
export function decryptFileStream(ring: KeyRing): Transform {
  let pending: Buffer = Buffer.alloc(0);
  let mode: 'header' | 'plain' | 'segments' = 'header';
  let header: Buffer = Buffer.alloc(0);
  let key: Buffer | null = null;
  let prefix: Buffer = Buffer.alloc(0);
  let counter = 0;
  const open = (sealed: Buffer, last: boolean) => {
    const decipher = createDecipheriv('aes-256-gcm', key!, nonce(prefix, counter++));
    decipher.setAAD(additionalData(header, last));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw new FileDecryptionError('encrypted file is damaged, truncated or reordered');
    }
  };
  /** Reads the header once enough bytes are there; false while more are needed. */
  const readHeader = (): boolean => {
    const probe = Math.min(pending.length, FILE_MAGIC.length);
    if (!pending.subarray(0, probe).equals(FILE_MAGIC.subarray(0, probe))) {
      mode = 'plain';
      return true;
    }
    if (pending.length < FILE_MAGIC.length + 1) return false;
    const idLength = pending[FILE_MAGIC.length];
    const size = FILE_MAGIC.length + 1 + idLength + PREFIX_BYTES;
    if (pending.length < size) return false;
    const keyId = pending.subarray(FILE_MAGIC.length + 1, FILE_MAGIC.length + 1 + idLength);
    key = ring.keyFor(keyId.toString('ascii'));
    header = Buffer.from(pending.subarray(0, size));
    prefix = header.subarray(size - PREFIX_BYTES);
    pending = pending.subarray(size);
    mode = 'segments';
    return true;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        if (mode === 'header' && !readHeader()) return callback();
        if (mode === 'plain') {
          this.push(pending);
          pending = Buffer.alloc(0);
          return callback();
        }
        const sealedSegment = SEGMENT_BYTES + TAG_BYTES;
        while (pending.length > sealedSegment) {
          this.push(open(pending.subarray(0, sealedSegment), false));
          pending = pending.subarray(sealedSegment);
        }
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        if (mode === 'header') {
          // Shorter than the magic: a small file stored before encryption was on.
          if (pending.length < FILE_MAGIC.length) mode = 'plain';
          else if (!readHeader()) {
            throw new FileDecryptionError('encrypted file is truncated in its header');
          }
        }
        if (mode === 'plain') {
          if (pending.length > 0) this.push(pending);
          return callback();
        }
        if (pending.length < TAG_BYTES) {
          throw new FileDecryptionError('encrypted file is truncated');
        }
        this.push(open(pending, true));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}
