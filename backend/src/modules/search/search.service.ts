import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { cursorText, invalidCursor } from '../../common/cursor';
import { MessagesService } from '../messages/messages.service';
import type { MessageSearchPageDto } from './dto/message-search.dto';
import { DEFAULT_SEARCH_PAGE, type SearchMessagesQuery } from './dto/search-messages.query';
import { blindHighlight } from './blind-search';
import { headlineParts, parseSearch } from './search-query';
import { SearchRepository } from './search.repository';
import type { SearchPosition } from './search.sql';

/** Opaque to clients: the position of the last item, `<microseconds>_<id>` in base64url. */
const CURSOR = /^(\d{1,18})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const encodeCursor = (p: SearchPosition) => Buffer.from(`${p.at}_${p.id}`).toString('base64url');
function decodeCursor(cursor: string): SearchPosition {
  const match = CURSOR.exec(cursorText(cursor));
  if (!match) throw invalidCursor();
  return { at: match[1], id: match[2] };
}

@Injectable()
export class SearchService {
  constructor(
    private readonly search: SearchRepository,
    private readonly messages: MessagesService,
  ) {}

  /** Full-text search over the messages of the caller's conversations, newest first. */
  async searchMessages(userId: string, input: SearchMessagesQuery): Promise<MessageSearchPageDto> {
    const limit = input.limit ?? DEFAULT_SEARCH_PAGE;
    const before = input.cursor ? decodeCursor(input.cursor) : null;
    const compiled = await this.search.compile(parseSearch(input.q));
    if (!compiled) {
      throw new BadRequestException([
        'q must contain a word to search for, not only excluded ones',
      ]);
    }
    const scope = await this.search.scope(userId, input.conversationId);
    if (input.conversationId && scope.conversationIds.length === 0) {
      throw new NotFoundException('conversation not found');
    }

    const found = await this.search.matches(scope, compiled, before, limit + 1);
    const page = found.slice(0, limit);
    const ids = page.map((p) => p.id);
    const words = compiled.blindWords;
    const [messages, headlines] = await Promise.all([
      this.messages.getMany(ids),
      // Under encryption the database holds no text: the excerpts come from the opened bodies.
      words ? null : this.search.headlines(ids, compiled.query),
    ]);
    // A message deleted after it matched is left out; the cursor still moves past it.
    const items = messages.filter(
      (m) => m.deletedAt === null && m.body !== null && (!headlines || headlines.has(m.id)),
    );
    return {
      items,
      highlights: items.map((m) => ({
        messageId: m.id,
        parts: words ? blindHighlight(m.body!, words) : headlineParts(headlines!.get(m.id)!),
      })),
      nextCursor: found.length > limit ? encodeCursor(page[page.length - 1]) : null,
    };
  }
}
