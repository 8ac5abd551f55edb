import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Counter } from 'prom-client';
import { AppConfig } from '../../../config/app-config';
import { MetricsService } from '../../metrics/metrics.service';
import type { ServerEvent, ServerEventMap } from '../../realtime/contract/event-maps';
import { ConversationEventFeed } from '../../realtime/contract/conversation-event-feed';
import { SocketEvent } from '../../realtime/contract/socket-event';
import type { MessageDto } from '../dto/message.dto';
import {
  applyAttachment,
  applyDeleted,
  applyNew,
  applyReactions,
  applyThread,
  applyUpdated,
  approxBytes,
  CACHED_MESSAGES,
  type Change,
  newest,
  type NewestPage,
} from './newest-pages';

/** Bounds how long an event lost while Redis was away can leave a page stale. */
const TTL_MS = 60_000;

/**
 * The newest messages of the conversations this process's sockets are in, kept in memory so
 * the newest page is served without reading 51 rows (P4). Filled by the page reads, kept
 * current by the events the process already receives for its sockets (new messages by `seq`,
 * edits, reactions, thread summaries, thumbnails), and dropped on anything it cannot apply: a
 * gap in `seq`, a deletion, the last socket leaving the room (its events stop arriving). It
 * holds messages only: the reader's membership is checked on every read, and no item carries
 * anything per viewer (the sender's profile is looked up at read time, from the profile cache).
 */
@Injectable()
export class MessagePageCache {
  private readonly pages?: LRUCache<string, NewestPage>;
  /**
   * Conversations being read from the database to fill a page, with a count of the events
   * heard meanwhile: a read that an event overtook must not fill.
   */
  private readonly filling = new Map<string, { events: number; readers: number }>();

  private readonly reads: Counter<'source'>;

  constructor(
    private readonly feed: ConversationEventFeed,
    config: AppConfig,
    metrics: MetricsService,
  ) {
    this.reads = new Counter({
      name: 'chat_newest_page_reads_total',
      help: 'Newest-page reads served from this process memory or read from PostgreSQL',
      labelNames: ['source'] as const,
      registers: [metrics.registry],
    });
    for (const source of ['memory', 'database']) this.reads.inc({ source }, 0);
    if (config.MESSAGE_PAGE_CACHE_CONVERSATIONS === 0 || config.MESSAGE_PAGE_CACHE_MB === 0) return;
    this.pages = new LRUCache<string, NewestPage>({
      max: config.MESSAGE_PAGE_CACHE_CONVERSATIONS,
      maxSize: config.MESSAGE_PAGE_CACHE_MB * 1024 * 1024,
      sizeCalculation: (page) => Math.max(1, page.bytes),
      ttl: TTL_MS,
    });
    this.feed.listen({
      event: (event, payload) => this.onEvent(event, payload),
      roomClosed: (conversationId) => this.drop(conversationId),
    });
  }

  /** Whether a newest page of the conversation is in memory (then worth a `lastSeq` probe). */
  holds(conversationId: string): boolean {
    return this.pages?.has(conversationId) ?? false;
  }

  /**
   * The newest `limit` messages of the conversation when this process holds them and follows
   * its events; null otherwise. `lastSeq` is the conversation's, as just read with the
   * reader's membership: a page that lags behind it is dropped (a message whose announcement
   * has not arrived yet, or was lost).
   */
  newest(
    conversationId: string,
    limit: number,
    lastSeq: number,
  ): { items: MessageDto[]; hasMore: boolean } | null {
    const page = this.pages?.get(conversationId);
    if (!page) return null;
    if ((page.items.at(-1)?.seq ?? 0) !== lastSeq || !this.feed.follows(conversationId)) {
      this.drop(conversationId);
      return null;
    }
    const answer = newest(page, limit);
    if (answer) this.reads.inc({ source: 'memory' });
    return answer;
  }

  /**
   * Runs `read` (the newest page from the database) and keeps what `kept` makes of its
   * result, oldest first, unless an event of the conversation came in meanwhile or this
   * process does not follow the conversation's events.
   */
  async readThrough<T>(
    conversationId: string,
    read: () => Promise<T>,
    kept: (result: T) => { items: MessageDto[]; hasOlder: boolean } | null,
  ): Promise<T> {
    this.reads.inc({ source: 'database' });
    if (!this.pages || !this.feed.follows(conversationId)) return read();
    const entry = this.filling.get(conversationId) ?? { events: 0, readers: 0 };
    this.filling.set(conversationId, entry);
    entry.readers += 1;
    const eventsBefore = entry.events;
    try {
      const result = await read();
      const page = kept(result);
      if (page && entry.events === eventsBefore && this.feed.follows(conversationId)) {
        const items = page.items.slice(-CACHED_MESSAGES);
        this.pages.set(conversationId, {
          items,
          hasOlder: page.hasOlder || items.length < page.items.length,
          bytes: items.reduce((sum, m) => sum + approxBytes(m), 0),
        });
      }
      return result;
    } finally {
      entry.readers -= 1;
      if (entry.readers === 0) this.filling.delete(conversationId);
    }
  }

  drop(conversationId: string): void {
    this.pages?.delete(conversationId);
  }

  private onEvent<E extends ServerEvent>(event: E, payload: ServerEventMap[E]): void {
    const conversationId = conversationOf(event, payload);
    if (conversationId === null) return;
    const filling = this.filling.get(conversationId);
    if (filling) filling.events += 1;
    const page = this.pages?.get(conversationId, { updateAgeOnGet: false });
    if (!page) return;
    const change = this.apply(page, event, payload);
    if (change === 'drop') this.drop(conversationId);
    // Set again so that the LRU's size accounting follows the page's growth.
    else if (change === 'applied') this.pages!.set(conversationId, page, { noUpdateTTL: true });
  }

  private apply<E extends ServerEvent>(
    page: NewestPage,
    event: E,
    payload: ServerEventMap[E],
  ): Change {
    switch (event) {
      case SocketEvent.MessageNew:
        return applyNew(page, payload as ServerEventMap[SocketEvent.MessageNew]);
      case SocketEvent.MessageUpdated:
        return applyUpdated(page, payload as ServerEventMap[SocketEvent.MessageUpdated]);
      case SocketEvent.MessageDeleted:
        return applyDeleted(page, (payload as ServerEventMap[SocketEvent.MessageDeleted]).id);
      case SocketEvent.ReactionUpdated: {
        const p = payload as ServerEventMap[SocketEvent.ReactionUpdated];
        return applyReactions(page, p.messageId, p.reactions);
      }
      case SocketEvent.ThreadUpdated: {
        const p = payload as ServerEventMap[SocketEvent.ThreadUpdated];
        return applyThread(page, p.rootId, {
          replyCount: p.replyCount,
          lastReplyAt: p.lastReplyAt,
          participantIds: p.participantIds,
        });
      }
      case SocketEvent.AttachmentUpdated:
        return applyAttachment(
          page,
          (payload as ServerEventMap[SocketEvent.AttachmentUpdated]).attachment,
        );
      default:
        return 'none';
    }
  }
}

/** The events that change what a page shows, and whose conversation they are about. */
const PAGE_EVENTS: ReadonlySet<string> = new Set([
  SocketEvent.MessageNew,
  SocketEvent.MessageUpdated,
  SocketEvent.MessageDeleted,
  SocketEvent.ReactionUpdated,
  SocketEvent.ThreadUpdated,
  SocketEvent.AttachmentUpdated,
]);

function conversationOf(event: string, payload: unknown): string | null {
  if (!PAGE_EVENTS.has(event)) return null;
  const id = (payload as { conversationId?: unknown } | null)?.conversationId;
  return typeof id === 'string' ? id : null;
}
