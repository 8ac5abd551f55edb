/** What replaces anything scrubbed from an error report. */
export const REDACTED = '[redacted]';

/**
 * Keys whose values never leave the process: credentials, and anything that may carry what a
 * person wrote (bodies, message text, request data, titles, names).
 */
const SECRET_KEYS =
  /pass(word)?|secret|token|authori[sz]ation|cookie|api[-_]?key|dsn|otp|code|body|data|text|content|message_?text|query_?string|title|topic|display_?name|email/i;

/** Bearer tokens and JWTs anywhere in a string; `token=`/`code=`-style query parameters. */
const BEARER = /\bBearer\s+[\w.~+/=-]+/gi;
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g;
const SECRET_PARAMS = /([?&;](?:[\w-]*token|code|password|secret|key)=)[^&#\s]*/gi;

function scrubString(value: string): string {
  return value
    .replace(BEARER, `Bearer ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(SECRET_PARAMS, `$1${REDACTED}`);
}

/**
 * A deep copy with secrets replaced: every value under a secret-looking key, and bearer tokens,
 * JWTs and secret query parameters inside any string. Cycles and depth are bounded.
 */
export function scrub<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return scrubString(value) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 12) return REDACTED as T;
  if (Array.isArray(value)) return value.map((item: unknown) => scrub(item, depth + 1)) as T;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SECRET_KEYS.test(key) && item != null ? REDACTED : scrub(item, depth + 1);
  }
  return copy as T;
}

/** A URL without its query string and fragment: either may carry a token. */
export function withoutQuery(url: string): string {
  return url.replace(/[?#].*$/s, '');
}
