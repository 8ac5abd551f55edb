import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { cursorText, invalidCursor, isCursorUuid } from '../../../common/cursor';
import { ConversationAccess } from '../../conversations/access/conversation-access.service';
import type { MessagePageDto } from '../dto/message.dto';
import type { MessageEntity } from '../message.entity';
import { MessageViews } from '../message-views';
import { MessagesRepository } from '../messages.repository';
import type { ListThreadQuery, ListThreadsQuery, ThreadPageDto } from './dto/thread.dto';
import { ThreadsRepository } from './threads.repository';

const DEFAULT_REPLIES = 50;
const DEFAULT_THREADS = 30;

const encodeCursor = (row: { unread: number; last_reply_at: Date; root_id: string }) =>
  Buffer.from(
    JSON.stringify([row.unread > 0, new Date(row.last_reply_at).toISOString(), row.root_id]),
  ).toString('base64url');

function decodeCursor(cursor: string): { unread: boolean; lastReplyAt: string; rootId: string } {
  try {
    const [unread, lastReplyAt, rootId] = JSON.parse(cursorText(cursor)) as unknown[];
    if (
      typeof unread === 'boolean' &&
      typeof lastReplyAt === 'string' &&
      !Number.isNaN(Date.parse(lastReplyAt)) &&
      isCursorUuid(rootId)
    ) {
      return { unread, lastReplyAt, rootId };
    }
  } catch {
    // Falls through to the same 400 as a well-formed cursor with the wrong content.
  }
  throw invalidCursor();
}

/**
 * Threads: a root's replies, who follows it, and each follower's unread in it. Replies are
 * written by the send path (`send_messages` and `record_thread_reply`); everything here reaches
 * members of the root's conversation only (404 for anyone else, never 403).
 */
@Injectable()
export class ThreadsService {
  constructor(
    private readonly threads: ThreadsRepository,
    private readonly messages: MessagesRepository,
    private readonly access: ConversationAccess,
    private readonly views: MessageViews,
  ) {}

  /** A page of the thread's replies in ascending seq (the root itself is not in it). */
  async replies(rootId: string, userId: string, query: ListThreadQuery): Promise<MessagePageDto> {
    if (query.beforeSeq !== undefined && query.afterSeq !== undefined) {
      throw new BadRequestException(['only one of beforeSeq and afterSeq can be given']);
    }
    await this.requireRoot(rootId, userId);
    const limit = query.limit ?? DEFAULT_REPLIES;
    const rows = await this.threads.replies(rootId, query, limit + 1);
    const hasMore = rows.length > limit;
    const page = hasMore
      ? query.afterSeq !== undefined
        ? rows.slice(0, limit)
        : rows.slice(1)
      : rows;
    return { items: await this.views.of(page), hasMore };
  }

  async follow(rootId: string, userId: string): Promise<void> {
    await this.requireRoot(rootId, userId);
    await this.threads.follow(rootId, userId);
  }

  async unfollow(rootId: string, userId: string): Promise<void> {
    await this.requireRoot(rootId, userId);
    await this.threads.unfollow(rootId, userId);
  }

  /** Moves the caller's read marker in a thread they follow forward; a no-op otherwise. */
  async markRead(rootId: string, userId: string, seq: number): Promise<void> {
    await this.requireRoot(rootId, userId);
    await this.threads.markRead(rootId, userId, seq);
  }

  /** The threads the caller follows in conversations they are in: unread first, then newest. */
  async followed(userId: string, query: ListThreadsQuery): Promise<ThreadPageDto> {
    const limit = query.limit ?? DEFAULT_THREADS;
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    const rows = await this.threads.followed(userId, after, limit + 1);
    const page = rows.slice(0, limit);
    const roots = await this.views.of(await this.messages.findByIds(page.map((r) => r.root_id)));
    const rootById = new Map(roots.map((m) => [m.id, m]));
    return {
      items: page.flatMap((row) => {
        const root = rootById.get(row.root_id);
        return root
          ? [{ root, lastReadSeq: Number(row.last_read_seq), unreadCount: row.unread }]
          : [];
      }),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null,
    };
  }

  /** A thread root the caller may see: 404 unless it exists and they are a member; 400 for a reply. */
  private async requireRoot(rootId: string, userId: string): Promise<MessageEntity> {
    const root = await this.messages.findById(rootId);
    if (!root || !(await this.access.roleOf(root.conversationId, userId))) {
      throw new NotFoundException('message not found');
    }
    if (root.threadRootId) {
      throw new ConflictException('a thread reply has no thread of its own: use its root');
    }
    return root;
  }
}
