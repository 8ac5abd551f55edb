import { Module } from '@nestjs/common';
import { SearchIndexer } from './search-indexer';

/** Fills the search index: in the worker process, or inside the API with WORKER_MODE=inline. */
@Module({
  providers: [SearchIndexer],
  exports: [SearchIndexer],
})
export class SearchIndexerModule {}
