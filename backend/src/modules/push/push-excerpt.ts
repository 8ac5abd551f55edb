/** A notification shows a line or two: longer bodies are cut here (with an ellipsis). */
export const EXCERPT_CHARS = 140;

/**
 * A message body as a short line of plain text for a notification: code blocks become
 * "[code]", links their text, Markdown marks go, whitespace collapses. The OS shows it as text,
 * so nothing here is ever interpreted as HTML.
 */
export function pushExcerpt(body: string): string {
  const text = body
    .replace(/```[\s\S]*?(```|$)/g, ' [code] ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(^|\n)\s{0,3}(>+|[-*+]|\d+[.)])\s+/g, '$1')
    .replace(/(\*\*|__|~~|[*_~`])/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1).trimEnd()}…` : text;
}
