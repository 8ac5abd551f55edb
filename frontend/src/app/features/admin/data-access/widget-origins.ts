/**
 * What a browser sends as `Origin`: `https://host[:port]` (plain http for local test shops),
 * nothing after it. The server checks the same pattern; checking here says what is wrong at once.
 */
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/;

export const MAX_ORIGINS = 20;

/** Origins compare as browsers send them: trimmed, lower-case, no trailing slash. */
export function normalizeOrigin(text: string): string {
  return text.trim().toLowerCase().replace(/\/$/, '');
}

/** Why `text` cannot join `origins`, or null when it can (as `normalizeOrigin(text)`). */
export function originProblem(text: string, origins: readonly string[]): string | null {
  const origin = normalizeOrigin(text);
  if (!ORIGIN.test(origin)) {
    return `“${text.trim()}” is not an origin: write it like https://shop.example or https://shop.example:8443, without a path.`;
  }
  if (origins.includes(origin)) return `${origin} is already allowed.`;
  if (origins.length >= MAX_ORIGINS) return `At most ${MAX_ORIGINS} origins.`;
  return null;
}

/** The snippet with a `data-context` attribute: what a product page may tell the bot. */
export function snippetWithContext(snippet: string): string {
  const context = JSON.stringify({ product: 'Slim jeans', category: 'bottoms' });
  return snippet.replace(' async>', ` data-context='${context}' async>`);
}
