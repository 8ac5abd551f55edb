/**
 * The chat's Markdown subset, small enough for the widget's budget (marked + DOMPurify alone
 * would be about 25 kB compressed): **bold**, *italic* or _italic_, `code`, ``` blocks ```,
 * [links](https://...) and bare http(s) links, line breaks. Everything is HTML-escaped first
 * and only these patterns add tags, so no input can produce any other markup.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

const link = (href: string, label: string) =>
  `<a href="${href}" target="_blank" rel="noopener noreferrer nofollow">${label}</a>`;

/**
 * Inline marks on already escaped text. Code spans and links are swapped for placeholders
 * (a private-use character around an index) first, so nothing inside them is marked.
 */
function inline(escaped: string): string {
  const codes: string[] = [];
  const text = escaped
    .replace(
      /`([^`\n]+)`/g,
      (_m, code: string) => `\uE000${codes.push(`<code>${code}</code>`) - 1}\uE000`,
    )
    .replace(
      /\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g,
      (_m, label: string, href: string) => `\uE000${codes.push(link(href, label)) - 1}\uE000`,
    )
    .replace(
      /(^|[\s(])(https?:\/\/[^\s<]+[^\s<.,;:!?)])/g,
      (_m, before: string, href: string) =>
        `${before}\uE000${codes.push(link(href, href)) - 1}\uE000`,
    )
    .replace(/\*\*(?=\S)([^*\n]*\S)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*\w])\*(?=\S)([^*\n]*\S)\*(?![*\w])/g, '$1<em>$2</em>')
    .replace(/(^|[^_\w])_(?=\S)([^_\n]*\S)_(?![_\w])/g, '$1<em>$2</em>');
  return text.replace(/\uE000(\d+)\uE000/g, (_m, i: string) => codes[Number(i)]);
}

/** Markdown subset to safe HTML. */
export function renderMarkdown(source: string): string {
  return source
    .split(/```/)
    .map((part, i) =>
      i % 2 === 1
        ? `<pre><code>${escapeHtml(part.replace(/^[\w-]*\n/, ''))}</code></pre>`
        : inline(escapeHtml(part)).replace(/\n/g, '<br>'),
    )
    .join('');
}
