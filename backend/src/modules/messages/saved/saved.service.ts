import { Injectable } from '@nestjs/common';
import { cursorText, invalidCursor, isCursorUuid } from '../../../common/cursor';
import { MessageViews } from '../message-views';
import { MessagesRepository } from '../messages.repository';
import { MessagesService } from '../messages.service';
import type { ListSavedQuery, SavedPageDto } from './saved.dto';
import { SavedRepository } from './saved.repository';

const DEFAULT_PAGE_SIZE = 30;

const encodeCursor = (row: { saved_at: Date; message_id: string }) =>
  Buffer.from(`${new Date(row.saved_at).toISOString()}|${row.message_id}`).toString('base64url');

function decodeCursor(cursor: string): { savedAt: string; messageId: string } {
  const [savedAt, messageId] = cursorText(cursor).split('|');
  if (!isCursorUuid(messageId) || Number.isNaN(Date.parse(savedAt))) throw invalidCursor();
  return { savedAt, messageId };
}

/** Saved messages: private bookmarks, listed only while the saver is still a member. */
@Injectable()
export class SavedService {
  constructor(
    private readonly saved: SavedRepository,
    private readonly messages: MessagesService,
    private readonly rows: MessagesRepository,
    private readonly views: MessageViews,
  ) {}

  async save(messageId: string, userId: string): Promise<void> {
    await this.messages.getVisible(messageId, userId);
    await this.saved.save(userId, messageId);
  }

  async unsave(messageId: string, userId: string): Promise<void> {
    await this.messages.getVisible(messageId, userId);
    await this.saved.unsave(userId, messageId);
  }

  async list(userId: string, query: ListSavedQuery): Promise<SavedPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.saved.list(
      userId,
      query.cursor ? decodeCursor(query.cursor) : null,
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const messages = await this.views.of(await this.rows.findByIds(page.map((r) => r.message_id)));
    const byId = new Map(messages.map((m) => [m.id, m]));
    return {
      items: page.flatMap((r) => {
        const message = byId.get(r.message_id);
        return message ? [{ message, savedAt: new Date(r.saved_at).toISOString() }] : [];
      }),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null,
    };
  }
}
