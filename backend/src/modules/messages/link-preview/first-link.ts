/** Fenced code blocks (an unclosed fence runs to the end) and inline code spans. */
const CODE = /(```|~~~)[\s\S]*?(\1|$)|`[^`\n]*`/g;
/** An explicit http(s) link; what follows it up to white space or a delimiter. */
const LINK = /\bhttps?:\/\/[^\s<>"'`]+/i;
/** Sentence punctuation and Markdown emphasis after a link are not part of it. */
const TRAILING = /[.,;:!?*_~]+$/;
const MAX_URL_LENGTH = 2048;

/** Cheap enough for the send path: most messages have no `://` and stop here. */
export function mayHaveLink(body: string | null): body is string {
  return body !== null && body.includes('://');
}

/**
 * The first http(s) link of a message, outside code, as the client links it; null if none.
 * Bare domains (example.org) that the client also links are left alone: a preview is made only
 * for a link someone wrote out in full.
 */
export function firstLinkOf(body: string | null): string | null {
  if (!mayHaveLink(body)) return null;
  const match = LINK.exec(body.replace(CODE, ' '));
  if (!match) return null;
  const candidate = trimEnd(match[0]);
  if (candidate.length > MAX_URL_LENGTH) return null;
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Drops trailing punctuation and closing brackets that have no opening one in the link. */
function trimEnd(link: string): string {
  let result = link;
  for (;;) {
    const before = result;
    result = result.replace(TRAILING, '');
    for (const [open, close] of [
      ['(', ')'],
      ['[', ']'],
    ]) {
      if (result.endsWith(close) && count(result, close) > count(result, open)) {
        result = result.slice(0, -1);
      }
    }
    if (result === before) return result;
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
