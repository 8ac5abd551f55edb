import type { AttachmentEntity } from './attachment.entity';
import type { AttachmentDto } from './dto/attachment.dto';

/** Under the global prefix and version, like every API route. */
export const attachmentPath = (id: string) => `/api/v1/attachments/${id}`;

export function toAttachmentDto(row: AttachmentEntity): AttachmentDto {
  return {
    id: row.id,
    name: row.name,
    mimeType: row.mimeType,
    size: Number(row.size),
    kind: row.kind,
    status: row.status,
    width: row.width,
    height: row.height,
    url: attachmentPath(row.id),
    thumbnailUrl: row.thumbnailKey ? `${attachmentPath(row.id)}/thumbnail` : null,
  };
}
