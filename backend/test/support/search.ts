import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { SearchIndexer } from '../../src/modules/search/indexer/search-indexer';
import type { TestApp } from './app';

/**
 * Search indexes after the send (the search module's SearchIndexer): a test that searches what
 * it just sent first makes the app index everything owed (a re-index included). Rows another
 * batch holds are still owed until it commits, so this repeats until none is left.
 */
export async function searchIndexed(t: TestApp): Promise<void> {
  const indexer = t.app.get(SearchIndexer);
  const dataSource = t.app.get(DataSource);
  for (;;) {
    await indexer.indexPending();
    const [row] = await dataSource.query<{ owed: number }[]>(
      `SELECT (SELECT count(*)::int FROM messages
                WHERE search_vector IS NULL AND deleted_at IS NULL AND kind IN ('text', 'bot'))
            + (SELECT count(*)::int FROM search_index_state WHERE reindex_after IS NOT NULL) AS owed`,
    );
    if (row.owed === 0) return;
    await sleep(10);
  }
}
