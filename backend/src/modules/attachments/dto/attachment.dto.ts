import { ApiProperty } from '@nestjs/swagger';

/** A file or image attached to a message: the same for every member (viewer-independent). */
export class AttachmentDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'The sanitized file name', example: 'photo.png' })
  name: string;

  @ApiProperty({
    description: 'image/png, image/jpeg, image/gif or image/webp (sniffed) for images',
    example: 'image/png',
  })
  mimeType: string;

  @ApiProperty({ description: 'Bytes' })
  size: number;

  @ApiProperty({
    enum: ['image', 'file'],
    enumName: 'AttachmentKind',
    description: 'image: shown inline; file: a download only',
  })
  kind: 'image' | 'file';

  @ApiProperty({
    enum: ['processing', 'ready', 'failed'],
    enumName: 'AttachmentStatus',
    description: 'Images are processing until their thumbnail exists (attachment:updated)',
  })
  status: 'processing' | 'ready' | 'failed';

  @ApiProperty({ type: Number, nullable: true, description: 'Pixels, once known' })
  width: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Pixels, once known' })
  height: number | null;

  @ApiProperty({
    description: 'The file (API path, members only: send the access token)',
    example: '/api/v1/attachments/0b5c3c1e-3f55-4a57-9f39-2f4d8b7a1c11',
  })
  url: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'A WebP thumbnail (API path, members only), once ready',
  })
  thumbnailUrl: string | null;
}

/** `attachment:updated`: an image's thumbnail is ready (or it could not be read). */
export class AttachmentUpdatedEventDto {
  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty({ type: AttachmentDto })
  attachment: AttachmentDto;
}

/** What a person's attachments take against their quota. */
export class StorageUsageDto {
  @ApiProperty({ description: 'Bytes of the files you uploaded that are still kept', minimum: 0 })
  usedBytes: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'UPLOAD_QUOTA_BYTES; null when there is no quota',
  })
  quotaBytes: number | null;
}
