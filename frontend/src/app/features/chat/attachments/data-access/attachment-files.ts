// Attachments as pure functions: sizes, error texts, display boxes, live updates. Tested alone.
import { HttpErrorResponse } from '@angular/common/http';

import { AttachmentDto, MessageDto } from '../../../../core/api/model';

/** The server's default limit (UPLOAD_MAX_BYTES); a bigger file is refused before uploading. */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
/** The server's limit per message. */
export const MAX_ATTACHMENTS = 10;
/** The longest side of an inline image, in CSS pixels. */
export const INLINE_MAX_PX = 240;
/** The box a processing image holds before its size is known. */
const PLACEHOLDER = { width: 240, height: 160 };

/** `1.2 MB`, `340 KB`, `12 bytes`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** What a message of files alone shows while it is being sent (empty without files). */
export function sendingFilesLabel(count: number): string {
  if (count === 0) return '';
  return count === 1 ? '📎 1 file' : `📎 ${count} files`;
}

/** Why an upload failed, in words for the person who tried. */
export function uploadError(error: unknown): string {
  if (!(error instanceof HttpErrorResponse)) return 'Upload failed. Try again.';
  switch (error.status) {
    case 0:
      return 'No connection. Try again.';
    case 413:
      return `Too large: the limit is ${formatSize(MAX_UPLOAD_BYTES)}.`;
    case 429:
      return 'Too many uploads. Wait a minute and try again.';
    case 404:
      return 'This conversation is no longer available.';
    case 400: {
      const message = (error.error as { message?: unknown } | null)?.message;
      const text = Array.isArray(message) ? message.join(', ') : message;
      return typeof text === 'string' ? `Not accepted: ${text}.` : 'This file is not accepted.';
    }
    default:
      return 'Upload failed. Try again.';
  }
}

/** The box an inline image takes, reserved before it loads so nothing jumps. */
export function displayBox(attachment: Pick<AttachmentDto, 'width' | 'height'>): {
  width: number;
  height: number;
} {
  const { width, height } = attachment;
  if (!width || !height) return PLACEHOLDER;
  const scale = Math.min(1, INLINE_MAX_PX / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/** The message with `attachment`'s new state, or the same object when it has no such file. */
export function withAttachment(message: MessageDto, attachment: AttachmentDto): MessageDto {
  const list = message.attachments ?? [];
  const index = list.findIndex((a) => a.id === attachment.id);
  if (index < 0) return message;
  const attachments = [...list];
  attachments[index] = attachment;
  return { ...message, attachments };
}
