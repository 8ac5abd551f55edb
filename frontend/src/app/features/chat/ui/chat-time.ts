// Dates as the chat shows them, in the browser's time zone and language. Pure: `now` is passed in.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const STYLES = {
  clock: { timeStyle: 'short' },
  weekday: { weekday: 'short' },
  dayMonth: { day: 'numeric', month: 'short' },
  dayMonthYear: { day: 'numeric', month: 'short', year: 'numeric' },
  longDay: { weekday: 'long', day: 'numeric', month: 'long' },
  longDayYear: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
  full: { dateStyle: 'full', timeStyle: 'short' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A format in the reader's language (`navigator.language`): "14:32" or "2:32 PM", "12 Mar" or
 * "Mar 12", as they are used to. Intl rather than Angular's formatDate keeps locale data out of
 * the bundle.
 */
function format(style: keyof typeof STYLES, time: number): string {
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
  return formatter.format(time);
}

function startOfDay(time: number, daysBack = 0): number {
  const date = new Date(time);
  // setDate handles month ends and daylight saving changes.
  date.setDate(date.getDate() - daysBack);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

function sameYear(a: number, b: number): boolean {
  return new Date(a).getFullYear() === new Date(b).getFullYear();
}

/** For the conversation list: just now, 5 min, 14:32 (today), Mon (this week), 12 Mar, 12 Mar 2025 (en-GB). */
export function relativeTime(iso: string, now: number): string {
  const time = Date.parse(iso);
  const age = now - time;
  if (age < MINUTE) return 'just now';
  if (age < HOUR) return `${Math.floor(age / MINUTE)} min`;
  if (time >= startOfDay(now)) return format('clock', time);
  if (time >= startOfDay(now, 6)) return format('weekday', time);
  return format(sameYear(time, now) ? 'dayMonth' : 'dayMonthYear', time);
}

/** For the separators between days: Today, Yesterday, Tuesday 10 March, Monday, 10 March 2025 (en-GB). */
export function dayLabel(iso: string, now: number): string {
  const time = Date.parse(iso);
  if (time >= startOfDay(now)) return 'Today';
  if (time >= startOfDay(now, 1)) return 'Yesterday';
  return format(sameYear(time, now) ? 'longDay' : 'longDayYear', time);
}

/** The local calendar day: two times with the same key belong under one separator. */
export function dayKey(iso: string): string {
  const date = new Date(iso);
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

/** A message's time in its bubble. */
export function clockTime(iso: string): string {
  return format('clock', Date.parse(iso));
}

/** A message's full date and time, for its tooltip. */
export function fullTime(iso: string): string {
  return format('full', Date.parse(iso));
}
