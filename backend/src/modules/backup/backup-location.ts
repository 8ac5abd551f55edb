import { GetObjectCommand, NoSuchKey } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { AppConfig } from '../../config/app-config';
import { s3Client } from '../attachments/storage/s3.storage';
import { s3Connection } from '../attachments/storage/storage.module';

/** Where an archive goes or comes from: a local path or `s3://bucket/key`. */
export type BackupLocation =
  { kind: 'file'; path: string } | { kind: 's3'; bucket: string; key: string };

export function parseLocation(text: string): BackupLocation {
  const s3 = /^s3:\/\/([^/]+)\/(.+)$/.exec(text);
  if (s3) return { kind: 's3', bucket: s3[1], key: s3[2] };
  if (text.startsWith('s3:')) throw new Error(`not an S3 URL (s3://bucket/key): ${text}`);
  return { kind: 'file', path: text };
}

/** A stream to write an archive into; `commit` makes it visible, `abort` leaves nothing. */
export interface ArchiveSink {
  stream: Writable;
  commit(): Promise<number>;
  abort(): Promise<void>;
}

/**
 * A local archive is written under a temporary name and renamed when complete, so a failed
 * backup never leaves a truncated file under the name an operator trusts. An S3 archive is a
 * multipart upload (bounded parts) that is aborted on failure.
 */
export function openSink(location: BackupLocation, config: AppConfig): ArchiveSink {
  let bytes = 0;
  const counter = new PassThrough();
  counter.on('data', (chunk: Buffer) => (bytes += chunk.length));
  if (location.kind === 'file') {
    const partial = `${location.path}.partial`;
    const file = createWriteStream(partial, { flags: 'wx' });
    counter.pipe(file);
    return {
      stream: counter,
      async commit() {
        await finished(file);
        await rename(partial, location.path);
        return bytes;
      },
      async abort() {
        counter.destroy();
        file.destroy();
        await rm(partial, { force: true });
      },
    };
  }
  const client = s3Client(s3Connection(config));
  const upload = new Upload({
    client,
    params: { Bucket: location.bucket, Key: location.key, Body: counter },
    queueSize: 1,
    partSize: 8 * 1024 * 1024,
    leavePartsOnError: false,
  });
  const done = upload.done();
  // Awaited by commit or abort; an early failure must not be reported as unhandled first.
  done.catch(() => undefined);
  return {
    stream: counter,
    async commit() {
      await done;
      client.destroy();
      return bytes;
    },
    async abort() {
      counter.destroy();
      await upload.abort().catch(() => undefined);
      client.destroy();
    },
  };
}

/** The archive's bytes, streamed. */
export async function openSource(location: BackupLocation, config: AppConfig): Promise<Readable> {
  if (location.kind === 'file') {
    const stream = createReadStream(location.path);
    // Fail here with the OS's reason (no such file) rather than mid-restore.
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return stream;
  }
  const client = s3Client(s3Connection(config));
  try {
    const result = await client.send(
      new GetObjectCommand({ Bucket: location.bucket, Key: location.key }),
    );
    const body = result.Body as Readable;
    body.once('close', () => client.destroy());
    return body;
  } catch (error) {
    client.destroy();
    if (error instanceof NoSuchKey) {
      throw new Error(`no archive at s3://${location.bucket}/${location.key}`);
    }
    throw error;
  }
}
