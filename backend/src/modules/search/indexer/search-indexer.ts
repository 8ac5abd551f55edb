import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AtRestEncryption } from '../../../common/encryption/at-rest-encryption';
import { openMessageText } from '../../../common/encryption/message-body';
import { blindVector } from '../blind-search';
import { SEARCH_CONFIG } from '../search-query';
import { plainVectorSql } from '../search.sql';

/** Messages indexed per statement. */
export const INDEX_BATCH = 500;
/** The pause when nothing was left to index: with the batch time, the delay before search. */
export const INDEX_POLL_MS = 200;
/** Messages re-indexed per statement after a change of mode. */
const REINDEX_BATCH = 2_000;
const ERROR_PAUSE_MS = 2_000;
/** Bumped when what a vector holds changes: every message is then re-indexed in place. */
const VECTOR_VERSION = 'v2';

/** Rows the indexer owes (the partial index messages_search_pending_idx has this predicate). */
const PENDING = `m.search_vector IS NULL AND m.deleted_at IS NULL AND m.kind IN ('text', 'bot')`;
const SEARCHABLE = `m.deleted_at IS NULL AND m.kind IN ('text', 'bot')`;
const FIRST_ID = '00000000-0000-0000-0000-000000000000';

interface Batch {
  count: number;
  /** The greatest id of the batch (batches in id order), null when empty. */
  last: string | null;
}

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
 * `search_index_state`) is not this process's, it records its own and re-indexes every message
 * in place, in id order, resumably (`reindex_after`), between batches of new messages; a
 * process of another mode then indexes nothing.
 */
@Injectable()
export class SearchIndexer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('SearchIndexer');
  readonly mode: string;
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

  /** Indexes everything owed now, a re-index included (for tests and tools). */
  async indexPending(): Promise<void> {
    while (!this.closed) {
      await this.indexNew();
      if (!(await this.reindexStep())) return;
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
      await this.indexNew();
      // A re-index goes on at once, with new messages indexed between its batches.
      if (await this.reindexStep()) delay = 0;
      this.warned = false;
    } catch (error) {
      delay = ERROR_PAUSE_MS;
      if (!this.warned) this.logger.warn(`search indexing paused: ${String(error)}`);
      this.warned = true;
    }
    this.schedule(delay);
  }

  /** New and edited messages (no vector yet), newest first, while batches come back full. */
  private async indexNew(): Promise<void> {
    if ((await this.state()) === undefined) return;
    while (!this.closed) {
      const { count } = await this.vectorize(
        `SELECT m.id, m.conversation_id, m.body FROM messages m
          WHERE ${PENDING}
            AND EXISTS (SELECT 1 FROM search_index_state s WHERE s.id = 1 AND s.mode = $2)
          ORDER BY m.created_at DESC LIMIT $1 FOR NO KEY UPDATE OF m SKIP LOCKED`,
        [INDEX_BATCH, this.mode],
      );
      if (count < INDEX_BATCH) return;
    }
  }

  /** One batch of a re-index in progress; false when there is none (or it just ended). */
  private async reindexStep(): Promise<boolean> {
    const after = await this.state();
    if (!after) return false;
    const { last } = await this.vectorize(
      `SELECT m.id, m.conversation_id, m.body FROM messages m
        WHERE m.id > $1 AND m.search_vector IS NOT NULL AND ${SEARCHABLE}
        ORDER BY m.id LIMIT $2 FOR NO KEY UPDATE OF m SKIP LOCKED`,
      [after, REINDEX_BATCH],
    );
    // Only from where this batch started: a process that got further is not set back.
    await this.dataSource.query(
      `UPDATE search_index_state SET reindex_after = $3, updated_at = now()
        WHERE id = 1 AND mode = $1 AND reindex_after = $2`,
      [this.mode, after, last],
    );
    if (!last) this.logger.log('search re-index finished');
    return last !== null;
  }

  /**
   * Where a re-index stands: the last id done, null when none is running, undefined when the
   * stored mode is another process's. Records this process's mode (starting a re-index) when
   * it differs, so the newest configuration wins.
   */
  private async state(): Promise<string | null | undefined> {
    const [row] = await this.dataSource.query<{ mode: string; reindex_after: string | null }[]>(
      `SELECT mode, reindex_after FROM search_index_state WHERE id = 1`,
    );
    if (row?.mode === this.mode) return row.reindex_after;
    const [changed] = await this.dataSource.query<{ mode: string }[]>(
      `INSERT INTO search_index_state (id, mode, reindex_after) VALUES (1, $1, $2)
       ON CONFLICT (id) DO UPDATE SET mode = excluded.mode, reindex_after = excluded.reindex_after,
              updated_at = now()
        WHERE search_index_state.mode IS NOT DISTINCT FROM $3
       RETURNING mode`,
      [this.mode, FIRST_ID, row?.mode ?? null],
    );
    if (!changed) return undefined;
    this.logger.log(
      `search index mode ${row?.mode.split(':')[0] ?? 'none'} -> ${this.mode.split(':')[0]}: re-indexing every message`,
    );
    return FIRST_ID;
  }

  /** Computes and writes the vectors of the rows `select` picks (id, conversation_id, body). */
  private async vectorize(select: string, params: unknown[]): Promise<Batch> {
    const index = this.encryption.index;
    if (!index) {
      const [row] = await this.dataSource.query<{ count: number; last: string | null }[]>(
        `WITH p AS (SELECT s.id, s.conversation_id,
                           to_tsvector('${SEARCH_CONFIG}'::regconfig, s.body) AS v
                      FROM (${select}) s),
              done AS (UPDATE messages m SET search_vector = ${plainVectorSql('p.v', 'p.conversation_id')}
                         FROM p WHERE m.id = p.id RETURNING 1)
         SELECT (SELECT count(*)::int FROM done) AS count,
                (SELECT id FROM p ORDER BY id DESC LIMIT 1) AS last`,
        params,
      );
      return { count: row?.count ?? 0, last: row?.last ?? null };
    }
    return this.dataSource.transaction(async (manager: EntityManager) => {
      const rows = await manager.query<{ id: string; conversation_id: string; body: string }[]>(
        select,
        params,
      );
      if (rows.length === 0) return { count: 0, last: null };
      const vectors = rows.map((row) => {
        try {
          const text = openMessageText(this.encryption.ring, row.body, row.conversation_id);
          return blindVector(text, index, row.conversation_id);
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
      return {
        count: rows.length,
        last:
          rows
            .map((r) => r.id)
            .sort()
            .at(-1) ?? null,
      };
    });
  }
}

/** `plain:v2`, or `blind:v2:` and a fingerprint of the index key (a keyed hash of a fixed text). */
export function indexMode(encryption: AtRestEncryption): string {
  const index = encryption.index;
  return index
    ? `blind:${VECTOR_VERSION}:${index.hash('search-index-fingerprint')}`
    : `plain:${VECTOR_VERSION}`;
}
