// One renderer for every message. Bot replies are Markdown written by a program (a language model
// may be talked into anything), people's messages are chat text with a Markdown subset: both are
// parsed by marked, then sanitized by DOMPurify before Angular binds them (and sanitizes again).
import createDOMPurify, { type DOMPurify } from 'dompurify';
import { Marked, type MarkedExtension, type Tokens } from 'marked';

import { mentionTokens, withMentionMarks } from '../../mentions/mention-markdown';
import type { MentionMarks } from '../../mentions/mentions';
import { bareLinks } from './linkify';

/** What a reply may contain: text formatting, lists, code, quotes, tables and links. No media. */
const ALLOWED_TAGS = [
  'a',
  'blockquote',
  'br',
  'code',
  'del',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'li',
  'ol',
  'p',
  'pre',
  'span',
  'strong',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
];
const ALLOWED_ATTR = ['href', 'title', 'start', 'align', 'class', 'target', 'rel', 'aria-hidden'];

/** The caret's class; the element is added by this module, never taken from the text. */
export const CARET_CLASS = 'md-caret';

/** Elements the caret goes into when they end the reply, so it follows the last word. */
const CARET_CONTAINERS = new Set([
  'BLOCKQUOTE',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'LI',
  'OL',
  'P',
  'PRE',
  'TABLE',
  'TBODY',
  'TD',
  'TH',
  'THEAD',
  'TR',
  'UL',
]);

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** Highlights a code block's text: HTML of spans, the text escaped. `language` as written. */
export type Highlighter = (code: string, language: string | undefined) => string;

/** The highlighter for the parse under way (parsing is synchronous). */
let highlight: Highlighter | null = null;

/** What both kinds of message share: no raw HTML, no images, bare links, highlighted code. */
const shared: MarkedExtension = {
  gfm: true,
  // Chat text: a single line break is a line break, as people (and bots) expect.
  breaks: true,
  async: false,
  extensions: [bareLinks, mentionTokens],
  tokenizer: {
    // Bare links are linkify-it's (see `bareLinks`), for both kinds of message alike.
    url: () => undefined,
  },
  renderer: {
    // Raw HTML in the text is shown as text, the way it was written.
    html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
    // No remote images: loading one would tell its server who read the message, and when.
    image: ({ href, text }: Tokens.Image) =>
      `<a href="${escapeHtml(href)}">${escapeHtml(text || href)}</a>`,
    checkbox: ({ checked }: Tokens.Checkbox) => (checked ? '☑ ' : '☐ '),
    code: ({ text, lang }: Tokens.Code) => {
      const language = /^[\w+#.-]+/.exec(lang ?? '')?.[0];
      const body = highlight ? highlight(text, language) : escapeHtml(text);
      const classes = `hljs${language ? ` language-${escapeHtml(language)}` : ''}`;
      return `<pre><code class="${classes}">${body}\n</code></pre>`;
    },
  },
};

const botMarkdown = new Marked(shared);

/**
 * A person's message is chat, not a document: headings, rules, tables and indented code stay
 * text as typed (a line that starts with `#` or four spaces is no title or code block).
 */
const personMarkdown = new Marked(shared, {
  tokenizer: {
    heading: () => undefined,
    lheading: () => undefined,
    hr: () => undefined,
    table: () => undefined,
    code: () => undefined,
  },
});

/** Whether the text has a fenced code block (the highlighter is worth loading). */
export function hasCodeBlock(text: string): boolean {
  return /^ {0,3}(`{3,}|~{3,})/m.test(text);
}

let purifier: DOMPurify | null = null;

/** One DOMPurify of our own: its hooks must not change how anything else is sanitized. */
function getPurifier(): DOMPurify {
  if (purifier) return purifier;
  purifier = createDOMPurify(window);
  purifier.addHook('afterSanitizeAttributes', (node) => {
    if (!(node instanceof Element)) return;
    // Links leave the app in a new tab, without handing it the opener or the referrer.
    if (node.tagName === 'A' && node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    } else if (node.tagName === 'A') {
      node.removeAttribute('target');
      node.removeAttribute('rel');
    }
    // The caret is ours: a text cannot fake one.
    if (node.classList.contains(CARET_CLASS)) node.classList.remove(CARET_CLASS);
  });
  return purifier;
}

/** Whose text it is: a bot's reply (full Markdown) or a person's message (the chat subset). */
export type MarkdownProfile = 'bot' | 'person';

export interface RenderOptions {
  readonly profile?: MarkdownProfile;
  /** A reply being written: a caret after the last character. */
  readonly caret?: boolean;
  /** Colours code blocks; without it they are plain. */
  readonly highlight?: Highlighter | null;
  /** The message's mentions, marked as such (the user's own more strongly). */
  readonly mentions?: MentionMarks | null;
}

/**
 * Sanitized HTML for a message's Markdown. The caret goes after the last character, inside the
 * last paragraph or list item rather than below it.
 */
export function renderMarkdown(text: string, options: RenderOptions = {}): string {
  const parser = options.profile === 'person' ? personMarkdown : botMarkdown;
  highlight = options.highlight ?? null;
  let html: string;
  try {
    html = withMentionMarks(options.mentions ?? null, () => parser.parse(text) as string);
  } finally {
    highlight = null;
  }
  const fragment = sanitize(html);
  if (options.caret) appendCaret(fragment);
  return serialize(fragment);
}

/** Keeps only the allowed elements and attributes of some HTML; links open in a new tab. */
export function sanitizeHtml(html: string): string {
  return serialize(sanitize(html));
}

function sanitize(html: string): DocumentFragment {
  return getPurifier().sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  });
}

function serialize(fragment: DocumentFragment): string {
  const container = document.createElement('div');
  container.append(fragment);
  return container.innerHTML;
}

function appendCaret(fragment: DocumentFragment): void {
  let target: Element | DocumentFragment = fragment;
  for (;;) {
    const last: ChildNode | null = target.lastChild;
    // Trailing white space between blocks does not count.
    const lastNode: ChildNode | null =
      last?.nodeType === Node.TEXT_NODE && !last.textContent?.trim() ? last.previousSibling : last;
    if (!(lastNode instanceof Element) || !CARET_CONTAINERS.has(lastNode.tagName)) break;
    target = lastNode;
  }
  const caret = document.createElement('span');
  caret.className = CARET_CLASS;
  caret.setAttribute('aria-hidden', 'true');
  target.append(caret);
}
