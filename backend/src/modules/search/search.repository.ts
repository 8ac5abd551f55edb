import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AtRestEncryption } from '../../common/encryption/at-rest-encryption';
import { blindQuery, matchedWords, searchWords } from './blind-search';
import { blindScopedQueries, plainScopedQueries, type ScopeWord } from './scoped-search';
import { ReadRouting } from '../../database/read-routing';
import type { ParsedSearch } from './search-query';
import {
  blindCompileSql,
  compileSql,
  headlinesSql,
  olderMatchesSql,
  recentMatchesSql,
  scopeMatchesSql,
  scopedOlderMatchesSql,
  scopeSql,
  type SearchPlan,
  searchPlan,
  type SearchPosition,
  type SqlStatement,
  reindexingSql,
  totalMessagesSql,
} from './search.sql';

export interface SearchScope {
  conversationIds: string[];
  /** Messages in those conversations (their last seqs): sizes the plan. */
  messages: number;
}

export interface CompiledSearch {
  /** tsquery text, already normalised (lower case, no accents), or of word hashes. */
  query: string;
  /** The words to highlight when the query is of hashes (the database has no text to mark). */
  blindWords: Set<string> | null;
  /** Each alternative's positive words, as stored: for the per-conversation lookup. */
  scopeWords: ScopeWord[][];
}

/** Server size changes slowly: the statistic is read at most this often. */
const TOTAL_TTL_MS = 60_000;
/** Whether a re-index is running is read at most this often. */
const REINDEX_TTL_MS = 5_000;

/**
 * Reads the search index. It queries the messages and membership tables directly (they are the
 * index); messages themselves are loaded through MessagesService.
 */
@Injectable()
export class SearchRepository {
  private total: { value: number; at: number } | null = null;
  private reindex: { running: boolean; at: number } | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly encryption: AtRestEncryption,
    private readonly reads: ReadRouting,
  ) {}

  /** Runs one statement; a separate method so tools can watch what a search runs. */
  async run<T>({ sql, params }: SqlStatement): Promise<T[]> {
    return this.reads.query<T>(sql, params);
  }

  async scope(userId: string, conversationId?: string): Promise<SearchScope> {
    const rows = await this.run<{ id: string; messages: string }>(scopeSql(userId, conversationId));
    return {
      conversationIds: rows.map((r) => r.id),
      messages: rows.reduce((sum, r) => sum + Number(r.messages), 0),
    };
  }

  /**
   * The tsquery, or null when it would find nothing through the index (no word to look for).
   * With encryption on, the words become their blind-index hashes, as the indexer stores them.
   */
  async compile(parsed: ParsedSearch): Promise<CompiledSearch | null> {
    const index = this.encryption.index;
    const blind = index ? blindQuery(parsed, index) : null;
    if (blind === '') return null;
    const [row] = await this.run<{
      query: string;
      indexable: boolean;
      words: { lexemes: string[]; prefix: boolean }[][];
    }>(blind === null ? compileSql(parsed) : blindCompileSql(blind));
    if (!row?.indexable) return null;
    if (blind === null) {
      const scopeWords = row.words.map((group) =>
        group.flatMap((c) => c.lexemes.map((text) => ({ text, prefix: c.prefix }))),
      );
      return { query: row.query, blindWords: null, scopeWords };
    }
    const scopeWords = parsed.map((group) =>
      group
        .filter((c) => !c.negated)
        .flatMap((c) => searchWords(c.text).map((text) => ({ text, prefix: false }))),
    );
    return { query: row.query, blindWords: matchedWords(parsed), scopeWords };
  }

  async plan(scope: SearchScope): Promise<SearchPlan> {
    return searchPlan({ messages: scope.messages, total: await this.totalMessages() });
  }

  /** Up to `limit` matches older than `before`, newest first. */
  async matches(
    scope: SearchScope,
    search: CompiledSearch,
    before: SearchPosition | null,
    limit: number,
  ): Promise<SearchPosition[]> {
    const ids = scope.conversationIds;
    if (ids.length === 0) return [];
    const plan = await this.plan(scope);
    if (plan.kind === 'scope') {
      return this.run(scopeMatchesSql(ids, search.query, before, limit));
    }
    const rows = await this.run<SearchPosition & { hit: boolean; last: boolean }>(
      recentMatchesSql(ids, search.query, before, plan.window, limit),
    );
    const recent = rows.filter((r) => r.hit).map(({ at, id }) => ({ at, id }));
    const last = rows.find((r) => r.last);
    // Enough matches, or the window reached the oldest message and nothing older is left.
    if (recent.length >= limit || !last) return recent.slice(0, limit);
    const from = { at: last.at, id: last.id };
    // Vectors written before the per-conversation words (or under another key) lack them
    // until the re-index reaches them: meanwhile the older step goes the old way.
    const scoped = (await this.reindexing()) ? null : this.scopedQuery(ids, search);
    const older = await this.run<SearchPosition>(
      scoped
        ? scopedOlderMatchesSql(ids, search.query, scoped, from, limit - recent.length)
        : olderMatchesSql(ids, search.query, from, limit - recent.length),
    );
    return [...recent, ...older];
  }

  /** The per-conversation lookups' tsqueries, when every alternative has a word to look up. */
  private scopedQuery(conversationIds: string[], search: CompiledSearch): string[] | null {
    const index = this.encryption.index;
    return index
      ? blindScopedQueries(conversationIds, search.scopeWords, index)
      : plainScopedQueries(conversationIds, search.scopeWords);
  }

  /** ts_headline output per message id (markers around matches). */
  async headlines(messageIds: string[], query: string): Promise<Map<string, string>> {
    if (messageIds.length === 0) return new Map();
    const rows = await this.run<{ id: string; headline: string }>(headlinesSql(messageIds, query));
    return new Map(rows.map((r) => [r.id, r.headline]));
  }

  private async reindexing(): Promise<boolean> {
    if (this.reindex && Date.now() - this.reindex.at < REINDEX_TTL_MS) return this.reindex.running;
    const [row] = await this.run<{ running: boolean }>(reindexingSql);
    this.reindex = { running: row?.running ?? false, at: Date.now() };
    return this.reindex.running;
  }

  private async totalMessages(): Promise<number> {
    if (this.total && Date.now() - this.total.at < TOTAL_TTL_MS) return this.total.value;
    const [row] = await this.run<{ total: string }>(totalMessagesSql);
    this.total = { value: Number(row?.total ?? 0), at: Date.now() };
    return this.total.value;
  }
}
