import { BadRequestException } from '@nestjs/common';
import type { ConversationEntity } from './conversation.entity';

/** A page of the conversation list ends at (updatedAt, id): opaque to clients. */
export const encodeCursor = (c: ConversationEntity) =>
  Buffer.from(`${c.updatedAt.toISOString()}|${c.id}`).toString('base64url');

export function decodeCursor(cursor: string): { updatedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const updatedAt = new Date(at);
  if (!id || Number.isNaN(updatedAt.getTime()))
    throw new BadRequestException(['cursor is invalid']);
  return { updatedAt, id };
}
