/**
 * The search box language, as in web search engines (Postgres's `websearch_to_tsquery`):
 * words are ANDed, `"quoted words"` form a phrase, `-word` or `-"a phrase"` excludes, and `or`
 * between two parts gives alternatives (AND binds tighter). The last word, when it is a plain
 * word, also matches as a prefix, so results follow as the person types.
 *
 * The query is parsed here and compiled into SQL that only calls Postgres's own parsers
 * (`plainto_tsquery`, `phraseto_tsquery`, `to_tsquery`) on bound parameters, so no input can
 * inject tsquery operators: normalisation (case, accents) stays with the text search config.
 */

export interface SearchClause {
  kind: 'word' | 'phrase';
  text: string;
  negated: boolean;
  /** Matches lexemes starting with the word: set on the last plain word only. */
  prefix: boolean;
}

/** Alternatives (OR) of clause lists (AND). */
export type ParsedSearch = SearchClause[][];

/** The text search configuration the column and the queries share (simple + unaccent). */
export const SEARCH_CONFIG = 'chat_search';

/** Markers ts_headline puts around matches; stripped from bodies so they cannot be forged. */
export const MATCH_START = '\u0001';
export const MATCH_END = '\u0002';

/** Prefix matching on one letter would match nearly every word: two at least. */
const MIN_PREFIX_LENGTH = 2;

const isSpace = (ch: string) => /\s/u.test(ch);

export function parseSearch(input: string): ParsedSearch {
  const q = input.normalize('NFC').replaceAll(MATCH_START, ' ').replaceAll(MATCH_END, ' ');
  const tokens: (SearchClause | 'or')[] = [];
  let i = 0;
  while (i < q.length) {
    if (isSpace(q[i])) {
      i += 1;
      continue;
    }
    let negated = false;
    if (q[i] === '-' && i + 1 < q.length && !isSpace(q[i + 1])) {
      negated = true;
      i += 1;
    }
    if (q[i] === '"') {
      const end = q.indexOf('"', i + 1);
      const text = q.slice(i + 1, end === -1 ? q.length : end).trim();
      i = end === -1 ? q.length : end + 1;
      if (text) tokens.push({ kind: 'phrase', text, negated, prefix: false });
      continue;
    }
    let end = i;
    while (end < q.length && !isSpace(q[end]) && q[end] !== '"') end += 1;
    const text = q.slice(i, end);
    i = end;
    if (!negated && text.toLowerCase() === 'or') tokens.push('or');
    else tokens.push({ kind: 'word', text, negated, prefix: false });
  }

  // `or` between two parts makes alternatives; anywhere else it is a word like any other, as in
  // websearch_to_tsquery ("cafe or" finds both words).
  const groups: ParsedSearch = [[]];
  const clauses: SearchClause[] = [];
  tokens.forEach((token, index) => {
    const current = groups[groups.length - 1];
    if (token === 'or' && current.length > 0 && index < tokens.length - 1) {
      groups.push([]);
      return;
    }
    const clause: SearchClause =
      token === 'or' ? { kind: 'word', text: 'or', negated: false, prefix: false } : token;
    current.push(clause);
    clauses.push(clause);
  });
  const result = groups.filter((g) => g.length > 0);

  const last = clauses[clauses.length - 1];
  // An `or` operator is never last, so the last clause is the last thing typed.
  if (
    last &&
    last.kind === 'word' &&
    !last.negated &&
    prefixParts(last.text).join('').length >= MIN_PREFIX_LENGTH
  ) {
    last.prefix = true;
  }
  return result;
}

/** A prefix clause's text as the index sees it: its letters and digits, space separated. */
export function prefixText(text: string): string {
  return prefixParts(text).join(' ');
}

/** Letters, marks and digits: what the text search parser keeps of a word. */
function prefixParts(text: string): string[] {
  return text.match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
}

/**
 * SQL for a `tsquery` value, with the texts as parameters numbered from `firstParam`. Every
 * operand goes through the search config, so `Café` finds `cafe` and the other way round.
 */
export function compileSearch(
  parsed: ParsedSearch,
  firstParam = 1,
): { sql: string; params: string[] } {
  const params: string[] = [];
  const param = (value: string) => {
    params.push(value);
    return `$${firstParam + params.length - 1}`;
  };
  const config = `'${SEARCH_CONFIG}'::regconfig`;
  const clause = (c: SearchClause): string => {
    let sql: string;
    if (c.kind === 'phrase') sql = `phraseto_tsquery(${config}, ${param(c.text)})`;
    else if (c.prefix) {
      // Only letters and digits reach to_tsquery, so the text cannot carry operators.
      const parts = prefixParts(c.text).map((p) => `${p}:*`);
      sql = `to_tsquery(${config}, ${param(parts.join(' & '))})`;
    } else sql = `plainto_tsquery(${config}, ${param(c.text)})`;
    return c.negated ? `(!! ${sql})` : sql;
  };
  const groups = parsed.map((group) => `(${group.map(clause).join(' && ')})`);
  return { sql: groups.length > 0 ? `(${groups.join(' || ')})` : `''::tsquery`, params };
}

export interface HighlightPart {
  text: string;
  match: boolean;
}

/** Splits ts_headline output (matches between MATCH_START and MATCH_END) into parts. */
export function headlineParts(headline: string): HighlightPart[] {
  const parts: HighlightPart[] = [];
  let text = '';
  let match = false;
  const flush = () => {
    if (!text) return;
    const previous = parts[parts.length - 1];
    if (previous && previous.match === match) previous.text += text;
    else parts.push({ text, match });
    text = '';
  };
  for (const ch of headline) {
    if (ch === MATCH_START || ch === MATCH_END) {
      flush();
      match = ch === MATCH_START;
    } else {
      text += ch;
    }
  }
  flush();
  return parts;
}
