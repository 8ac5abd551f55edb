import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AtRestEncryption } from '../../../common/encryption/at-rest-encryption';
import { openMessageText } from '../../../common/encryption/message-body';
import { blindVector } from '../blind-search';
import { SEARCH_CONFIG } from '../search-query';

/** Messages indexed per statement. */
export const INDEX_BATCH = 500;
/** The pause when nothing was left to index: with the batch time, the delay before search. */
export const INDEX_POLL_MS = 200;
/** Vectors cleared per statement when the index mode changes. */
const CLEAR_BATCH = 5_000;
const ERROR_PAUSE_MS = 2_000;

/** Rows the indexer owes (the partial index messages_search_pending_idx has this predicate). */
const PENDING = `m.search_vector IS NULL AND m.deleted_at IS NULL AND m.kind IN ('text', 'bot')`;
const MODE_IS = (param: string) =>
  `EXISTS (SELECT 1 FROM search_index_state s WHERE s.id = 1 AND s.mode = ${param})`;
const FIRST_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Fills `messages.search_vector` off the send path: every INDEX_POLL_MS (at once again while
 * batches come back full) it takes up to INDEX_BATCH messages without a vector, newest first,
 * and writes their vectors in one statement. `FOR NO KEY UPDATE SKIP LOCKED` lets several
 * workers share the work without waiting on each other (and never blocks a reply's foreign-key
 * check). An edit clears the vector (trigger `messages_reset_search_vector`), so it is indexed
 * again. Runs in the worker, or in the API with WORKER_MODE=inline.
 *
 * Plain mode computes Postgres lexemes in SQL; with encryption on (a blind index key), it opens
 * each body here and writes the keyed hashes of its words. When the stored mode (table
 * `search_index_state`) is not this process's, every vector is cleared in batches first and the
 * table refilled, so a search never compares hashes with lexemes or with another key's hashes.
 */
@Injectable()
export class SearchIndexer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('SearchIndexer');
  private readonly mode: string;
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private closed = false;
  private warned = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly encryption: AtRestEncryption,
  ) {
    this.mode = indexMode(encryption);
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Indexes what is owed now; resolves with the number of messages indexed (for tests and tools). */
  async indexPending(): Promise<number> {
    if (!(await this.modeReady())) return 0;
    let total = 0;
    for (;;) {
      const indexed = await this.indexBatch();
      total += indexed;
      if (indexed < INDEX_BATCH || this.closed) return total;
    }
  }

  private schedule(delay: number): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.running = this.tick();
    }, delay);
  }

  private async tick(): Promise<void> {
    let delay = INDEX_POLL_MS;
    try {
      await this.indexPending();
      this.warned = false;
    } catch (error) {
      delay = ERROR_PAUSE_MS;
      if (!this.warned) this.logger.warn(`search indexing paused: ${String(error)}`);
      this.warned = true;
    }
    this.schedule(delay);
  }

  /** True when the stored vectors are of this process's mode (after clearing them if not). */
  private async modeReady(): Promise<boolean> {
    const [row] = await this.dataSource.query<{ mode: string }[]>(
      `SELECT mode FROM search_index_state WHERE id = 1`,
    );
    if (row?.mode === this.mode) return true;
    this.logger.log(
      `search index mode changed (${row?.mode ?? 'none'} -> ${this.kind()}): re-indexing`,
    );
    let after = FIRST_ID;
    for (;;) {
      if (this.closed) return false;
      const done = await this.dataSource.transaction(async (manager) => {
        // The state row serializes processes that clear at the same time, batch by batch.
        const [state] = await manager.query<{ mode: string }[]>(
          `SELECT mode FROM search_index_state WHERE id = 1 FOR UPDATE`,
        );
        if (state?.mode === this.mode) return true;
        const [batch] = await manager.query<{ last: string | null }[]>(
          `WITH b AS (SELECT id FROM messages WHERE id > $1 ORDER BY id LIMIT $2),
                u AS (UPDATE messages m SET search_vector = NULL FROM b
                       WHERE m.id = b.id AND m.search_vector IS NOT NULL)
           SELECT (SELECT id FROM b ORDER BY id DESC LIMIT 1) AS last`,
          [after, CLEAR_BATCH],
        );
        if (batch?.last) {
          after = batch.last;
          return false;
        }
        await manager.query(
          `INSERT INTO search_index_state (id, mode, updated_at) VALUES (1, $1, now())
           ON CONFLICT (id) DO UPDATE SET mode = excluded.mode, updated_at = now()`,
          [this.mode],
        );
        return true;
      });
      if (done) return true;
    }
  }

  private async indexBatch(): Promise<number> {
    const index = this.encryption.index;
    if (!index) {
      const [row] = await this.dataSource.query<{ indexed: number }[]>(
        `WITH done AS (
           UPDATE messages m SET search_vector = to_tsvector('${SEARCH_CONFIG}'::regconfig, m.body)
             FROM (SELECT m.id FROM messages m WHERE ${PENDING} AND ${MODE_IS('$2')}
                    ORDER BY m.created_at DESC LIMIT $1 FOR NO KEY UPDATE OF m SKIP LOCKED) p
            WHERE m.id = p.id RETURNING 1)
         SELECT count(*)::int AS indexed FROM done`,
        [INDEX_BATCH, this.mode],
      );
      return row?.indexed ?? 0;
    }
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<{ id: string; conversation_id: string; body: string }[]>(
        `SELECT m.id, m.conversation_id, m.body FROM messages m
          WHERE ${PENDING} AND ${MODE_IS('$2')}
          ORDER BY m.created_at DESC LIMIT $1 FOR NO KEY UPDATE OF m SKIP LOCKED`,
        [INDEX_BATCH, this.mode],
      );
      if (rows.length === 0) return 0;
      const vectors = rows.map((row) => {
        try {
          return blindVector(
            openMessageText(this.encryption.ring, row.body, row.conversation_id),
            index,
          );
        } catch (error) {
          // A body no key opens stays unsearchable (an empty vector), not retried forever.
          this.logger.warn(`message ${row.id} not indexed: ${String(error)}`);
          return '';
        }
      });
      await manager.query(
        `UPDATE messages m SET search_vector = v.vec::tsvector
           FROM unnest($1::uuid[], $2::text[]) AS v(id, vec) WHERE m.id = v.id`,
        [rows.map((r) => r.id), vectors],
      );
      return rows.length;
    });
  }

  private kind(): string {
    return this.mode.split(':')[0];
  }
}

/** `plain`, or `blind:` and a fingerprint of the index key (a keyed hash of a fixed text). */
export function indexMode(encryption: AtRestEncryption): string {
  return encryption.index ? `blind:${encryption.index.hash('search-index-fingerprint')}` : 'plain';
}
