import { Injectable } from '@nestjs/common';
import { ReadRouting } from '../../database/read-routing';
import type { ParsedSearch } from './search-query';
import {
  compileSql,
  headlinesSql,
  olderMatchesSql,
  recentMatchesSql,
  scopeMatchesSql,
  scopeSql,
  type SearchPlan,
  searchPlan,
  type SearchPosition,
  type SqlStatement,
  totalMessagesSql,
} from './search.sql';

export interface SearchScope {
  conversationIds: string[];
  /** Messages in those conversations (their last seqs): sizes the plan. */
  messages: number;
}

export interface CompiledSearch {
  /** tsquery text, already normalised (lower case, no accents). */
  query: string;
}

/** Server size changes slowly: the statistic is read at most this often. */
const TOTAL_TTL_MS = 60_000;

/**
 * Reads the search index. It queries the messages and membership tables directly (they are the
 * index); messages themselves are loaded through MessagesService.
 */
@Injectable()
export class SearchRepository {
  private total: { value: number; at: number } | null = null;

  constructor(private readonly reads: ReadRouting) {}

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

  /** The tsquery, or null when it would find nothing through the index (no word to look for). */
  async compile(parsed: ParsedSearch): Promise<CompiledSearch | null> {
    const [row] = await this.run<{ query: string; indexable: boolean }>(compileSql(parsed));
    if (!row?.indexable) return null;
    return { query: row.query };
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
    const older = await this.run<SearchPosition>(
      olderMatchesSql(ids, search.query, { at: last.at, id: last.id }, limit - recent.length),
    );
    return [...recent, ...older];
  }

  /** ts_headline output per message id (markers around matches). */
  async headlines(messageIds: string[], query: string): Promise<Map<string, string>> {
    if (messageIds.length === 0) return new Map();
    const rows = await this.run<{ id: string; headline: string }>(headlinesSql(messageIds, query));
    return new Map(rows.map((r) => [r.id, r.headline]));
  }

  private async totalMessages(): Promise<number> {
    if (this.total && Date.now() - this.total.at < TOTAL_TTL_MS) return this.total.value;
    const [row] = await this.run<{ total: string }>(totalMessagesSql);
    this.total = { value: Number(row?.total ?? 0), at: Date.now() };
    return this.total.value;
  }
}
