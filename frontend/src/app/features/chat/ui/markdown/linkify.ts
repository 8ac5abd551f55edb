// Bare links in what people (and bots) write: web addresses, domains as people type them
// (example.org) and e-mail addresses, found by linkify-it, as a marked extension so that Markdown
// marks cannot cut an address in two (an underscore in a URL stays in the URL).
import { LinkifyIt, type Match } from 'linkify-it';
import type { TokenizerAndRendererExtension, Tokens } from 'marked';

/** Only what a browser opens as a page or a mail: no `ftp:`, no protocol-relative `//host`. */
const SAFE_SCHEMES = /^(https?:|mailto:)/i;

// Bare domains (example.org) too, as people type them; not bare IPs, which version numbers look like.
const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: false });

/** A link found in a text: where it starts, what was written and where it leads. */
export interface FoundLink {
  readonly index: number;
  readonly raw: string;
  readonly href: string;
}

/** The safe links in a text, in order. */
export function findLinks(text: string): FoundLink[] {
  return (linkify.match(text) ?? [])
    .filter((match: Match) => SAFE_SCHEMES.test(match.url))
    .map((match: Match) => ({ index: match.index, raw: match.raw, href: match.url }));
}

/** The first link in `src`, if it starts there. Links hold no white space: the first word will do. */
function linkAtStart(src: string): FoundLink | null {
  const word = /^\S*/.exec(src)?.[0] ?? '';
  const [first] = findLinks(word);
  return first?.index === 0 ? first : null;
}

/** How far ahead `nextLinkStart` looks, at most: marked asks again from where it stops. */
const LOOK_AHEAD = 256;

/**
 * Where the next link may start: where marked must stop its plain text to let `bareLinks` look.
 * It asks at every step through a paragraph, so this looks only a short way ahead (up to a space,
 * so that no link is cut), and answers that far when it found nothing.
 */
function nextLinkStart(src: string): number | undefined {
  if (src.length <= LOOK_AHEAD) return findLinks(src)[0]?.index;
  const space = src.lastIndexOf(' ', LOOK_AHEAD);
  const window = space > 0 ? src.slice(0, space) : src;
  return findLinks(window)[0]?.index ?? window.length;
}

/** The marked extension: a bare link becomes a link token, its text the address as written. */
export const bareLinks: TokenizerAndRendererExtension = {
  name: 'bareLink',
  level: 'inline',
  start: nextLinkStart,
  tokenizer(src): Tokens.Link | undefined {
    // Inside a link's own text an address is just text.
    if (this.lexer.state.inLink) return undefined;
    const link = linkAtStart(src);
    if (!link) return undefined;
    const { raw, href } = link;
    return {
      type: 'link',
      raw,
      href,
      title: null,
      text: raw,
      tokens: [{ type: 'text', raw, text: raw, escaped: false }],
    };
  },
};
