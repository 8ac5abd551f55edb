/** The image types shown inline; anything else is a download. */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** Bytes needed to recognise every type below. */
export const SNIFF_BYTES = 12;

const startsWith = (head: Buffer, bytes: number[], at = 0) =>
  head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/**
 * The image type the first bytes prove, or null. Decided by magic bytes only: the client's
 * Content-Type and file name are never trusted to make something render inline.
 */
export function sniffImageType(head: Buffer): ImageType | null {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,62}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}$/;

/**
 * What a download is labelled as: the client's type when it is a well-formed one and does not
 * claim to be an image (the bytes said otherwise); else application/octet-stream.
 */
export function declaredFileType(clientType: string | undefined): string {
  const type = (clientType ?? '').split(';')[0].trim().toLowerCase();
  if (!MIME.test(type) || type.startsWith('image/')) return 'application/octet-stream';
  return type;
}
