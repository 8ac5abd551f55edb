import { BadRequestException } from '@nestjs/common';

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The 400 every list answers for a cursor it did not give out. */
export const invalidCursor = () => new BadRequestException(['cursor is invalid']);

/** Strictly a UUID as we write them, so a forged cursor never reaches a `uuid` cast. */
export const isCursorUuid = (value: unknown): value is string =>
  typeof value === 'string' && UUID.test(value);

/**
 * The text inside an opaque base64url cursor, or 400. Cursors are only ever ones a list gave
 * out, so anything else (not base64url, not well-formed UTF-8, or holding a NUL, which
 * PostgreSQL refuses in text) is refused here rather than as a 500 from the query.
 */
export function cursorText(cursor: string): string {
  if (!BASE64URL.test(cursor)) throw invalidCursor();
  const bytes = Buffer.from(cursor, 'base64url');
  const text = bytes.toString('utf8');
  if (text.length === 0 || text.includes('\0') || !Buffer.from(text, 'utf8').equals(bytes)) {
    throw invalidCursor();
  }
  return text;
}
