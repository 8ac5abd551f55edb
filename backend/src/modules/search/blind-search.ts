import type { BlindIndex } from '../../common/encryption/key-ring';
import type { HighlightPart, ParsedSearch, SearchClause } from './search-query';

/**
 * Search over encrypted messages (DESIGN section 14): the database holds, per message, the
 * keyed hashes of its normalized words (a tsvector of hashes), and a query is compiled into the
 * same hashes. Both sides normalize here, the way `chat_search` does for plain text: lower case,
 * accents removed, words split at anything that is not a letter, mark or digit, no stop words.
 *
 * What is lost: prefixes (`deplo` no longer finds `deployment`: the last word matches whole),
 * word order within a phrase (a phrase matches its words anywhere in the message), and hyphenated
 * compounds as one word (`e-mail` is `e` and `mail`). The hashes reveal which messages share a
 * word, never the word.
 */

/** A message this short is shown whole; a longer one as an excerpt around the first match. */
const WHOLE_UP_TO_WORDS = 30;
const EXCERPT_WORDS = 20;
/** Words shown before the first match in an excerpt. */
const EXCERPT_LEAD = 5;

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** One word as the index stores it: NFKD, without combining marks, lower case. */
export function normalizeWord(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The normalized words of a text, in order (repeats kept). */
export function searchWords(text: string): string[] {
  return (text.match(WORD) ?? []).map(normalizeWord).filter((w) => w.length > 0);
}

/** What a word is hashed as when scoped to one conversation (see search.sql.ts). */
export const scopedWord = (conversationId: string, word: string) => `${conversationId}:${word}`;

/**
 * The tsvector literal for a message: the hashes of its distinct words, and of each word scoped
 * to the message's conversation (hex, so safe to quote).
 */
export function blindVector(text: string, index: BlindIndex, conversationId: string): string {
  const words = new Set(searchWords(text));
  const hashes = [...words].flatMap((w) => [
    index.hash(w),
    index.hash(scopedWord(conversationId, w)),
  ]);
  return hashes.map((h) => `'${h}'`).join(' ');
}

/**
 * The tsquery text for a parsed search: each clause the AND of its words' hashes (a phrase
 * too), `!` for exclusions, `|` between alternatives. Empty when no clause has a word.
 */
export function blindQuery(parsed: ParsedSearch, index: BlindIndex): string {
  const clause = (c: SearchClause): string | null => {
    const hashes = [...new Set(searchWords(c.text))].map((w) => `'${index.hash(w)}'`);
    if (hashes.length === 0) return null;
    const all = hashes.length === 1 ? hashes[0] : `(${hashes.join(' & ')})`;
    return c.negated ? `!${all}` : all;
  };
  const groups = parsed
    .map((group) => group.map(clause).filter((c): c is string => c !== null))
    .filter((group) => group.length > 0)
    .map((group) => `(${group.join(' & ')})`);
  return groups.join(' | ');
}

/** The words whose occurrences a result highlights: those of the clauses not excluded. */
export function matchedWords(parsed: ParsedSearch): Set<string> {
  return new Set(
    parsed.flatMap((group) => group.filter((c) => !c.negated).flatMap((c) => searchWords(c.text))),
  );
}

/**
 * The highlighted text of one result, computed in the application from the opened body (the
 * database holds no text to run ts_headline on): the whole message when short, else about
 * EXCERPT_WORDS words from a little before the first match.
 */
export function blindHighlight(body: string, words: Set<string>): HighlightPart[] {
  const tokens = [...body.matchAll(WORD)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    match: words.has(normalizeWord(m[0])),
  }));
  let from = 0;
  let to = body.length;
  if (tokens.length > WHOLE_UP_TO_WORDS) {
    const first = Math.max(
      0,
      tokens.findIndex((t) => t.match),
    );
    const startToken = Math.max(0, Math.min(first - EXCERPT_LEAD, tokens.length - EXCERPT_WORDS));
    from = tokens[startToken].start;
    to = tokens[Math.min(tokens.length, startToken + EXCERPT_WORDS) - 1].end;
  }
  const parts: HighlightPart[] = [];
  const push = (text: string, match: boolean) => {
    if (!text) return;
    const previous = parts[parts.length - 1];
    if (previous && previous.match === match) previous.text += text;
    else parts.push({ text, match });
  };
  let at = from;
  for (const t of tokens) {
    if (t.start < from || t.end > to || !t.match) continue;
    push(body.slice(at, t.start), false);
    push(body.slice(t.start, t.end), true);
    at = t.end;
  }
  push(body.slice(at, to), false);
  return parts;
}
