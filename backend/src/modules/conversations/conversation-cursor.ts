import { cursorText, invalidCursor, isCursorUuid } from '../../common/cursor';
import type { ConversationEntity } from './conversation.entity';

/** A page of the conversation list ends at (updatedAt, id): opaque to clients. */
export const encodeCursor = (c: ConversationEntity) =>
  Buffer.from(`${c.updatedAt.toISOString()}|${c.id}`).toString('base64url');

export function decodeCursor(cursor: string): { updatedAt: Date; id: string } {
  const [at, id] = cursorText(cursor).split('|');
  const updatedAt = new Date(at);
  if (!isCursorUuid(id) || Number.isNaN(updatedAt.getTime())) throw invalidCursor();
  return { updatedAt, id };
}
