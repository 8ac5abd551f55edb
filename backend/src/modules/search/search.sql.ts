import {
  compileSearch,
  prefixText,
  MATCH_END,
  MATCH_START,
  type ParsedSearch,
  SEARCH_CONFIG,
} from './search-query';

/**
 * The SQL of message search, as pure builders: the repository runs them and
 * `scripts/explain-queries.mjs` prints their plans, so both see exactly the same statements.
 *
 * Order is newest first, `(created_at, id)` descending; positions travel as microseconds since
 * the epoch (a JS Date would drop the microseconds and repeat or skip rows at page edges).
 *
 * No single plan is fast for every caller and word. "Newest first, LIMIT 20" over the GIN index
 * reads every match of a frequent word; walking messages newest first and testing each reads
 * without end for a rare word. The planner guesses between the two from statistics that assume
 * words and conversations are independent, and a word frequent in other people's conversations
 * makes it walk the whole table. So `searchPlan` decides from what is known:
 * - a small scope (few messages in the caller's conversations, or in the one asked for) is read
 *   whole through the conversation index and each message tested: the cost follows the scope,
 *   whatever the word;
 * - a large scope first walks the newest messages of the whole server, a window sized to hold
 *   about RECENT_TARGET of the caller's (so a word that matches often is answered there, at a
 *   bounded cost); only when the window holds too few matches are older ones found through the
 *   GIN index, restricted to the caller's conversations, in one bitmap scan.
 */

export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/** A place in the newest-first order: strictly older rows come after it. */
export interface SearchPosition {
  /** created_at in microseconds since the epoch, as a decimal string. */
  at: string;
  id: string;
}

/** Scopes up to this many messages are read whole (tens of milliseconds at most). */
export const SMALL_SCOPE_MESSAGES = 30_000;
/** The recent window aims to hold this many of the caller's messages... */
export const RECENT_TARGET = 2_000;
/** ...but never spans more messages than this. */
export const MAX_RECENT_WINDOW = 20_000;

export type SearchPlan = { kind: 'scope' } | { kind: 'recent'; window: number };

/** Picks the statements for a scope of `messages`, on a server holding about `total`. */
export function searchPlan(input: { messages: number; total: number }): SearchPlan {
  if (input.messages <= SMALL_SCOPE_MESSAGES) return { kind: 'scope' };
  const total = Math.max(input.total, input.messages);
  const window = Math.ceil((RECENT_TARGET * total) / input.messages);
  return { kind: 'recent', window: Math.min(MAX_RECENT_WINDOW, Math.max(RECENT_TARGET, window)) };
}

/** Only what people wrote and the bots answered; the partial indexes have the same predicate. */
const SEARCHABLE = `m.deleted_at IS NULL AND m.kind IN ('text', 'bot')`;
/** Newest first; `(created_at, id)` is unique, so pages never overlap or skip. */
const order = (alias: string) => `${alias}.created_at DESC, ${alias}.id DESC`;
/** A position as returned to the application: computed for the returned rows only. */
const position = (alias: string) =>
  `${alias}.id, (extract(epoch FROM ${alias}.created_at) * 1000000)::bigint::text AS at`;

/**
 * Adds the "older than `before`" condition (or nothing), numbering its two parameters. Not
 * `indexable`: written so the planner cannot walk the date index from it (`IS TRUE` is no index
 * condition), where that walk would read every older message to find a rare word.
 */
function olderThan(before: SearchPosition | null, params: unknown[], indexable = true): string {
  if (!before) return '';
  params.push(before.at, before.id);
  const at = `$${params.length - 1}::bigint`;
  const condition = `(m.created_at, m.id) < (to_timestamp(0) + ${at} * interval '1 microsecond', $${params.length}::uuid)`;
  return indexable ? ` AND ${condition}` : ` AND (${condition}) IS TRUE`;
}

/** The caller's conversations (or the one asked for, when they are in it), with sizes. */
export function scopeSql(userId: string, conversationId?: string): SqlStatement {
  return {
    sql: `SELECT cm.conversation_id AS id, c.last_seq AS messages
            FROM conversation_members cm JOIN conversations c ON c.id = cm.conversation_id
           WHERE cm.user_id = $1${conversationId ? ' AND cm.conversation_id = $2' : ''}`,
    params: conversationId ? [userId, conversationId] : [userId],
  };
}

/** Planner statistics: about how many messages the server holds (no count(*) per search). */
export const totalMessagesSql: SqlStatement = {
  sql: `SELECT greatest(reltuples, 0)::bigint::text AS total FROM pg_class WHERE oid = 'messages'::regclass`,
  params: [],
};

/** Whether the indexer is re-indexing every message (after a change of mode). */
export const reindexingSql: SqlStatement = {
  sql: `SELECT reindex_after IS NOT NULL AS running FROM search_index_state WHERE id = 1`,
  params: [],
};

/**
 * The tsquery as text (fed back as a constant, so the planner sees the words), with
 * `indexable` false when the index cannot find it: no word at all, or only excluded ones.
 */
export function compileSql(parsed: ParsedSearch): SqlStatement {
  const { sql, params } = compileSearch(parsed);
  // Each alternative's positive words as the index stores them (for the scoped lookup).
  const words = parsed.map(
    (group) =>
      `json_build_array(${group
        .filter((c) => !c.negated)
        .map((c) => {
          params.push(c.prefix ? prefixText(c.text) : c.text);
          return `json_build_object('lexemes', tsvector_to_array(to_tsvector('${SEARCH_CONFIG}'::regconfig, $${params.length})), 'prefix', ${c.prefix})`;
        })
        .join(', ')})`,
  );
  return checkedQuerySql({ sql, params }, `json_build_array(${words.join(', ')})`);
}

/** The same for a blind-index query (tsquery text of word hashes, built by blindQuery). */
export function blindCompileSql(query: string): SqlStatement {
  return checkedQuerySql({ sql: '$1::tsquery', params: [query] }, `'[]'::json`);
}

function checkedQuerySql(
  { sql, params }: { sql: string; params: string[] },
  words: string,
): SqlStatement {
  return {
    sql: `SELECT q::text AS query, numnode(q) > 0 AND querytree(q) <> 'T' AS indexable,
                 ${words} AS words
            FROM (SELECT ${sql} AS q) s`,
    params,
  };
}

/** The tag that scopes a lexeme to its conversation in plain vectors (scopeTag in Node). */
export const SCOPE_TAG_SQL = (column: string) => `right(${column}::text, 8) || ':'`;

/**
 * A message's plain search vector, as the indexer writes it (seeds use it too): its lexemes
 * (with positions, for phrases), and each lexeme again behind its conversation's tag, so a
 * search can ask the GIN index for a word in given conversations only. `lexemes` is the
 * message's `to_tsvector` (an expression or column), `conversationId` its conversation.
 */
export const plainVectorSql = (lexemes: string, conversationId: string) =>
  `${lexemes} || array_to_tsvector(ARRAY(
     SELECT ${SCOPE_TAG_SQL(conversationId)} || l FROM unnest(tsvector_to_array(${lexemes})) l))`;

/** Small scope: every message of the conversations, tested one by one; the newest `limit`. */
export function scopeMatchesSql(
  conversationIds: string[],
  query: string,
  before: SearchPosition | null,
  limit: number,
): SqlStatement {
  const params: unknown[] = [conversationIds, query, limit];
  // OFFSET 0 keeps the planner from walking the date index in the hope of stopping early,
  // which reads far beyond the scope when the word is rare.
  return {
    sql: `SELECT ${position('x')} FROM (
            SELECT m.id, m.created_at, m.search_vector FROM messages m
             WHERE m.conversation_id = ANY($1::uuid[]) AND ${SEARCHABLE}${olderThan(before, params)}
            OFFSET 0) x
           WHERE x.search_vector @@ $2::tsquery
           ORDER BY ${order('x')} LIMIT $3`,
    params,
  };
}

/**
 * Large scope, first step: the matches among the newest `window` messages of the server, up to
 * `limit`, plus the window's oldest message (`last`) when the walk gets that far, so the second
 * step knows where to go on. Stops reading as soon as `limit` matches are found.
 */
export function recentMatchesSql(
  conversationIds: string[],
  query: string,
  before: SearchPosition | null,
  window: number,
  limit: number,
): SqlStatement {
  const params: unknown[] = [conversationIds, query, window, limit];
  return {
    sql: `SELECT ${position('w')}, w.hit, w.n = $3 AS last FROM (
            SELECT m.id, m.created_at,
                   m.conversation_id = ANY($1::uuid[]) AND m.search_vector @@ $2::tsquery AS hit,
                   row_number() OVER (ORDER BY ${order('m')}) AS n
              FROM messages m
             WHERE ${SEARCHABLE}${olderThan(before, params)}
             ORDER BY ${order('m')} LIMIT $3) w
           WHERE w.hit OR w.n = $3
           LIMIT $4`,
    params,
  };
}

/**
 * Large scope, second step: matches older than the window, through the GIN index and only in
 * the caller's conversations. OFFSET 0 again keeps the date-index walk out; the planner picks
 * between the GIN bitmap alone, ANDed with the conversation index, or the conversation index.
 */
export function olderMatchesSql(
  conversationIds: string[],
  query: string,
  before: SearchPosition,
  limit: number,
): SqlStatement {
  const params: unknown[] = [conversationIds, query, limit];
  return {
    sql: `SELECT ${position('x')} FROM (
            SELECT m.id, m.created_at FROM messages m
             WHERE m.search_vector @@ $2::tsquery AND m.conversation_id = ANY($1::uuid[])
               AND ${SEARCHABLE}${olderThan(before, params, false)}
            OFFSET 0) x
           ORDER BY ${order('x')} LIMIT $3`,
    params,
  };
}

/**
 * Large scope, second step when the query allows it: the same matches found through the
 * words scoped to each of the caller's conversations (`scoped`: one tsquery per conversation,
 * see scoped-search.ts), one small GIN lookup per conversation in a nested loop, whatever the
 * word's count elsewhere. One query ORing them all would be estimated to match a large part of
 * the table and read by a sequential scan. The conversation condition stays out of the index
 * (`IS TRUE`), and the full query is tested on the few rows found.
 */
export function scopedOlderMatchesSql(
  conversationIds: string[],
  query: string,
  scoped: string[],
  before: SearchPosition,
  limit: number,
): SqlStatement {
  const params: unknown[] = [conversationIds, query, limit, scoped];
  return {
    sql: `SELECT ${position('x')} FROM (
            SELECT DISTINCT m.id, m.created_at, m.search_vector
              FROM unnest($4::tsquery[]) AS s(q)
              JOIN messages m ON m.search_vector @@ s.q
             WHERE (m.conversation_id = ANY($1::uuid[])) IS TRUE
               AND ${SEARCHABLE}${olderThan(before, params, false)}
            OFFSET 0) x
           WHERE x.search_vector @@ $2::tsquery
           ORDER BY ${order('x')} LIMIT $3`,
    params,
  };
}

/** ts_headline options: about 20 words around the best match, matches between the markers. */
const HEADLINE_OPTIONS = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxWords=20, MinWords=8, ShortWord=2, HighlightAll=false`;
/** A message this short is shown whole: an excerpt would drop its first or last short words. */
const WHOLE_UP_TO_WORDS = 30;
const WHOLE_OPTIONS = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, HighlightAll=true`;

/** The highlighted excerpt of each message; the markers are removed from the body first. */
export function headlinesSql(messageIds: string[], query: string): SqlStatement {
  return {
    sql: `SELECT m.id, ts_headline('${SEARCH_CONFIG}'::regconfig, translate(m.body, chr(1) || chr(2), ''), $2::tsquery,
                   CASE WHEN cardinality(regexp_split_to_array(trim(m.body), '\\s+')) <= ${WHOLE_UP_TO_WORDS} THEN $4 ELSE $3 END) AS headline
            FROM messages m WHERE m.id = ANY($1::uuid[]) AND m.body IS NOT NULL`,
    params: [messageIds, query, HEADLINE_OPTIONS, WHOLE_OPTIONS],
  };
}
