// Links in what people write: found by linkify-it, rendered by the template as elements (never as
// HTML), so the text cannot inject markup.
import { LinkifyIt } from 'linkify-it';

/** A piece of a message's text: plain, or a link to `href`. */
export interface TextPart {
  readonly text: string;
  readonly href: string | null;
}

/** Only what a browser opens as a page or a mail: no `ftp:`, no protocol-relative `//host`. */
const SAFE_SCHEMES = /^(https?:|mailto:)/i;

// Bare domains (example.org) too, as people type them; not bare IPs, which version numbers look like.
const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: false });

/** The text cut into plain pieces and links, in order; joined, the pieces are the text. */
export function linkParts(text: string): TextPart[] {
  const matches = (linkify.match(text) ?? []).filter((m) => SAFE_SCHEMES.test(m.url));
  if (matches.length === 0) return [{ text, href: null }];
  const parts: TextPart[] = [];
  let at = 0;
  for (const match of matches) {
    if (match.index > at) parts.push({ text: text.slice(at, match.index), href: null });
    parts.push({ text: match.raw, href: match.url });
    at = match.lastIndex;
  }
  if (at < text.length) parts.push({ text: text.slice(at), href: null });
  return parts;
}
