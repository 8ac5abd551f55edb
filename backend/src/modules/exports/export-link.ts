import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The download token of an export: a keyed hash of its id under the server's secret, so the
 * signed-in owner can be shown the same link the mail carries without the token being stored.
 * Only its SHA-256 is on the row, and the sweep clears it.
 */
export function exportToken(secret: string, exportId: string): string {
  return createHmac('sha256', secret).update(`data-export:${exportId}`).digest('base64url');
}

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Whether `token` is the one whose hash is stored, in constant time. */
export function tokenMatches(token: string, storedHash: string | null): boolean {
  if (!storedHash) return false;
  const given = Buffer.from(sha256(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

export const exportPath = (exportId: string, token: string): string =>
  `/api/v1/exports/${exportId}/download?token=${token}`;

/** How long a ready archive can be downloaded. */
export const EXPORT_TTL_MS = 24 * 3_600_000;
