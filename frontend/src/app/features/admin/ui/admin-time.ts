// Times as the admin console shows them, in the reader's language and time zone. Intl rather
// than Angular's DatePipe: that pipe's code and locale data would join the app's first download.

const formatters = new Map<string, Intl.DateTimeFormat>();

const STYLES = {
  day: { day: 'numeric', month: 'short', year: 'numeric' },
  minute: { dateStyle: 'medium', timeStyle: 'short' },
  second: { dateStyle: 'medium', timeStyle: 'medium' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/** "Dec 7, 2026, 10:42 AM" (`minute`), with seconds (`second`), or the day alone (`day`). */
export function formatTime(iso: string, style: keyof typeof STYLES): string {
  const locale = typeof navigator === 'undefined' ? undefined : navigator.language;
  const key = `${locale}|${style}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat(locale, STYLES[style]);
    } catch {
      // A language tag Intl does not accept: the runtime's default.
      formatter = new Intl.DateTimeFormat(undefined, STYLES[style]);
    }
    formatters.set(key, formatter);
  }
  return formatter.format(new Date(iso));
}
