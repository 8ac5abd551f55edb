import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import { AttachmentStorage, type PutOptions, StoredObjectMissing } from './attachment-storage';

/** Where and as whom to reach an S3-compatible service, whatever the bucket. */
export interface S3Connection {
  region: string;
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

export interface S3StorageOptions extends S3Connection {
  bucket: string;
}

/** A client for the service; the keys are optional (the SDK's default chain otherwise). */
export function s3Client(connection: S3Connection): S3Client {
  const config: S3ClientConfig = {
    region: connection.region,
    endpoint: connection.endpoint,
    forcePathStyle: connection.forcePathStyle,
  };
  if (connection.accessKeyId && connection.secretAccessKey) {
    config.credentials = {
      accessKeyId: connection.accessKeyId,
      secretAccessKey: connection.secretAccessKey,
    };
  }
  return new S3Client(config);
}

/**
 * Objects in an S3-compatible bucket (AWS, MinIO, moto). Uploads of unknown length go up as a
 * multipart upload in 5 MiB parts, so memory stays bounded; a failed one is aborted.
 */
export class S3Storage extends AttachmentStorage {
  private readonly client: S3Client;

  constructor(private readonly options: S3StorageOptions) {
    super();
    this.client = s3Client(options);
  }

  async put(key: string, body: Readable, { contentType }: PutOptions): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.options.bucket, Key: key, Body: body, ContentType: contentType },
      queueSize: 1,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      // A body that failed after a single-part upload started may still have landed.
      await this.delete(key).catch(() => undefined);
      throw error;
    }
  }

  async get(key: string): Promise<Readable> {
    try {
      const result = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: key }),
      );
      return result.Body as Readable;
    } catch (error) {
      if (error instanceof NoSuchKey) throw new StoredObjectMissing(key);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }

  destroy(): void {
    this.client.destroy();
  }
}
