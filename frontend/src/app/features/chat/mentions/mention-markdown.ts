// `@name` in a message becomes a styled span when the server found it a mention (the message's
// `mentions`), as a marked extension: code spans and links keep their text as written. The span
// reads as the person's display name, with `@username` as its title.
import type { TokenizerAndRendererExtension, Tokens } from 'marked';

import type { MentionMarks } from './mentions';

/** The marks of the message being parsed (parsing is synchronous). */
let marks: MentionMarks | null = null;

/** Runs a parse with the given marks in effect. */
export function withMentionMarks<T>(current: MentionMarks | null, parse: () => T): T {
  marks = current;
  try {
    return parse();
  } finally {
    marks = null;
  }
}

export const MENTION_CLASS = 'mention';
export const MENTION_ME_CLASS = 'mention-me';

const BOUNDARY_BEFORE = /[^a-z0-9_.]$/i;
const MENTION = /^@([a-z0-9_.]+?)(?=[^a-z0-9_]|$)/i;

interface MentionToken extends Tokens.Generic {
  type: 'mention';
  raw: string;
  me: boolean;
  /** The display name to show; null for `@here`. */
  name: string | null;
}

type Mention = Pick<MentionToken, 'raw' | 'me' | 'name'>;

/** Which mention `src` starts with, if any. */
function mentionAt(src: string): Mention | null {
  if (!marks) return null;
  // The longest username that is mentioned: `@ann.lee` before `@ann`.
  const candidate = /^@([a-z0-9_.]+)/i.exec(src)?.[1];
  if (!candidate) return null;
  for (let end = candidate.length; end > 0; end--) {
    const name = candidate.slice(0, end);
    const after = src[end + 1];
    if (after !== undefined && /[a-z0-9_]/i.test(after)) continue;
    const lower = name.toLowerCase();
    const user = marks.usernames.get(lower);
    if (user) return { raw: `@${name}`, me: user.me, name: user.displayName };
    if (marks.here && lower === 'here') return { raw: '@here', me: true, name: null };
  }
  return null;
}

export const mentionTokens: TokenizerAndRendererExtension = {
  name: 'mention',
  level: 'inline',
  start(src) {
    if (!marks) return undefined;
    for (let i = src.indexOf('@'); i >= 0; i = src.indexOf('@', i + 1)) {
      if (i === 0 || BOUNDARY_BEFORE.test(src[i - 1])) return i;
    }
    return undefined;
  },
  tokenizer(src, tokens): MentionToken | undefined {
    if (!marks || !MENTION.test(src) || this.lexer.state.inLink) return undefined;
    const previous = tokens.at(-1)?.raw.at(-1);
    if (previous !== undefined && !BOUNDARY_BEFORE.test(previous)) return undefined;
    const found = mentionAt(src);
    return found ? { type: 'mention', ...found } : undefined;
  },
  renderer(token) {
    const { raw, me, name } = token as MentionToken;
    const classes = `${MENTION_CLASS}${me ? ` ${MENTION_ME_CLASS}` : ''}`;
    // The raw text is `@` and username characters only: nothing to escape; the name is escaped.
    return name === null
      ? `<span class="${classes}">${raw}</span>`
      : `<span class="${classes}" title="${raw}">@${escapeHtml(name)}</span>`;
  },
};

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}
