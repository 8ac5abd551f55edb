import { AttachmentDto } from '../../../../core/api/model';

/** An image attachment as the server describes it, still processing unless overridden. */
export function attachment(overrides: Partial<AttachmentDto> = {}): AttachmentDto {
  return {
    id: 'a-1',
    name: 'photo.png',
    mimeType: 'image/png',
    size: 2048,
    kind: 'image',
    status: 'processing',
    width: null,
    height: null,
    url: '/api/v1/attachments/a-1',
    thumbnailUrl: null,
    ...overrides,
  };
}
