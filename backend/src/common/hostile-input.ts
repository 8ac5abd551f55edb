/** Deeper JSON than any request of ours needs; refused before it is parsed. */
export const MAX_JSON_DEPTH = 32;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** An unpaired UTF-16 surrogate (matched on code units: no `u` flag). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const isWellFormed = (text: string) => !LONE_SURROGATE.test(text);

/**
 * Scans raw JSON text before it is parsed: nesting deeper than `maxDepth`, NUL characters and
 * unpaired surrogates (written as escapes, or raw) are refused. One pass, no recursion, so a
 * hostile body costs what its length costs. Answers the problem, or null.
 */
export function scanJsonText(text: string, maxDepth = MAX_JSON_DEPTH): string | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) {
        if (text[i + 1] === 'u') {
          const problem = escapeProblem(text, i);
          if (problem) return problem;
        }
        i += 1;
      } else if (c === 0x22 /* " */) {
        inString = false;
      } else if (c === 0) {
        return 'strings must not contain NUL characters';
      } else if (c >= 0xd800 && c <= 0xdfff && isLoneSurrogate(text, i)) {
        return 'strings must be valid Unicode (no unpaired surrogates)';
      }
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth += 1;
      if (depth > maxDepth) return `JSON must not nest deeper than ${maxDepth} levels`;
    } else if (c === 0x7d || c === 0x5d) {
      depth -= 1;
    }
  }
  return null;
}

/**
 * The same rules for an already parsed value (Socket.IO payloads), plus keys that could reach
 * an object's prototype. Iterative, bounded by `maxDepth`.
 */
export function findHostileValue(value: unknown, maxDepth = MAX_JSON_DEPTH): string | null {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return 'strings must not contain NUL characters';
      if (!isWellFormed(current)) return 'strings must be valid Unicode (no unpaired surrogates)';
    } else if (typeof current === 'object' && current !== null) {
      if (depth >= maxDepth) return `payloads must not nest deeper than ${maxDepth} levels`;
      for (const key of Object.keys(current)) {
        if (FORBIDDEN_KEYS.has(key)) return `"${key}" is not an allowed field name`;
        if (!isWellFormed(key) || key.includes('\u0000')) return 'field names must be valid text';
        stack.push({ value: (current as Record<string, unknown>)[key], depth: depth + 1 });
      }
    }
  }
  return null;
}

/**
 * Express middleware: a URL whose decoded path or query holds a NUL or broken Unicode is
 * refused with 400 before any route sees it (Postgres would refuse such text with an error).
 */
export function rejectHostileUrls(
  req: { url?: string },
  res: { status(code: number): { json(body: unknown): void } },
  next: () => void,
): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(req.url ?? '');
  } catch {
    decoded = '\u0000';
  }
  if (decoded.includes('\u0000') || !isWellFormed(decoded)) {
    res.status(400).json({
      statusCode: 400,
      error: 'Bad Request',
      message: ['the URL must be valid text without NUL characters'],
    });
    return;
  }
  next();
}

function escapeProblem(text: string, at: number): string | null {
  const code = parseInt(text.slice(at + 2, at + 6), 16);
  if (code === 0) return 'strings must not contain NUL characters';
  if (code >= 0xd800 && code <= 0xdbff) {
    // A high surrogate must be followed by an escaped low one.
    const next = /^\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(text.slice(at + 6, at + 12));
    if (!next) return 'strings must be valid Unicode (no unpaired surrogates)';
  } else if (code >= 0xdc00 && code <= 0xdfff) {
    const before = text.slice(Math.max(0, at - 6), at);
    if (!/^\\u[dD][89abAB][0-9a-fA-F]{2}$/.test(before)) {
      return 'strings must be valid Unicode (no unpaired surrogates)';
    }
  }
  return null;
}

function isLoneSurrogate(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c <= 0xdbff) {
    const next = text.charCodeAt(at + 1);
    return !(next >= 0xdc00 && next <= 0xdfff);
  }
  const previous = text.charCodeAt(at - 1);
  return !(previous >= 0xd800 && previous <= 0xdbff);
}
