import type { BlindIndex } from '../../common/encryption/key-ring';
import { scopedWord } from './blind-search';

/**
 * The per-conversation lookup of a search (search.sql.ts, `scopedOlderMatchesSql`): the index
 * also holds each word behind its conversation, so "this word in these conversations" is one
 * small GIN lookup per conversation instead of intersecting every message with the word with
 * every message of the conversations. One word per alternative is enough to narrow the rows
 * (the full query still decides): the longest whole word, as longer words are rarer.
 */

export interface ScopeWord {
  /** Normalized as stored: a lexeme (plain) or a normalized word (blind). */
  text: string;
  prefix: boolean;
}

/** The word an alternative is looked up by; null when it has no positive word. */
export function pickScopeWord(candidates: ScopeWord[]): ScopeWord | null {
  const best = [...candidates].sort(
    (a, b) => Number(a.prefix) - Number(b.prefix) || b.text.length - a.text.length,
  );
  return best[0] ?? null;
}

/** One word per alternative, or null when one of them has none. */
function pickScopeWords(alternatives: ScopeWord[][]): ScopeWord[] | null {
  const words = alternatives.map(pickScopeWord).filter((w): w is ScopeWord => w !== null);
  return words.length > 0 && words.length === alternatives.length ? words : null;
}

/** A tsquery operand: the text quoted for tsquery input. */
const operand = (text: string, prefix: boolean) =>
  `'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'${prefix ? ':*' : ''}`;

/**
 * Plain vectors: per conversation, a tsquery of its tag before each alternative's word (the
 * last 8 hex digits of its id, as the indexer writes them); null when an alternative has no
 * positive word (the lookup would miss its matches).
 */
export function plainScopedQueries(
  conversationIds: string[],
  alternatives: ScopeWord[][],
): string[] | null {
  const words = pickScopeWords(alternatives);
  if (!words) return null;
  return conversationIds.map((id) =>
    words.map((w) => operand(`${scopeTag(id)}${w.text}`, w.prefix)).join(' | '),
  );
}

/** The same over blind vectors: the hash of each word scoped to the conversation. */
export function blindScopedQueries(
  conversationIds: string[],
  alternatives: ScopeWord[][],
  index: BlindIndex,
): string[] | null {
  const words = pickScopeWords(alternatives);
  if (!words) return null;
  return conversationIds.map((id) =>
    words.map((w) => `'${index.hash(scopedWord(id, w.text))}'`).join(' | '),
  );
}

/** The tag before a lexeme scoped to a conversation (SCOPE_TAG_SQL computes the same). */
export const scopeTag = (conversationId: string) => `${conversationId.slice(-8)}:`;
