// Dates as the chat shows them, in the browser's time zone. Pure: `now` is passed in.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

// British English: day before month and a 24-hour clock, as in "Mon 12 Mar, 14:32". Intl rather
// than Angular's formatDate keeps locale data out of the bundle.
const format = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', options);
const CLOCK = format({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const WEEKDAY = format({ weekday: 'short' });
const DAY_MONTH = format({ day: 'numeric', month: 'short' });
const DAY_MONTH_YEAR = format({ day: 'numeric', month: 'short', year: 'numeric' });
const LONG_DAY = format({ weekday: 'long', day: 'numeric', month: 'long' });
const LONG_DAY_YEAR = format({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const FULL = format({ dateStyle: 'full', timeStyle: 'short', hourCycle: 'h23' });

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

/** For the conversation list: just now, 5 min, 14:32 (today), Mon (this week), 12 Mar, 12 Mar 2025. */
export function relativeTime(iso: string, now: number): string {
  const time = Date.parse(iso);
  const age = now - time;
  if (age < MINUTE) return 'just now';
  if (age < HOUR) return `${Math.floor(age / MINUTE)} min`;
  if (time >= startOfDay(now)) return CLOCK.format(time);
  if (time >= startOfDay(now, 6)) return WEEKDAY.format(time);
  return (sameYear(time, now) ? DAY_MONTH : DAY_MONTH_YEAR).format(time);
}

/** For the separators between days: Today, Yesterday, Tuesday 10 March, Monday, 10 March 2025. */
export function dayLabel(iso: string, now: number): string {
  const time = Date.parse(iso);
  if (time >= startOfDay(now)) return 'Today';
  if (time >= startOfDay(now, 1)) return 'Yesterday';
  return (sameYear(time, now) ? LONG_DAY : LONG_DAY_YEAR).format(time);
}

/** The local calendar day: two times with the same key belong under one separator. */
export function dayKey(iso: string): string {
  const date = new Date(iso);
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

/** A message's time in its bubble. */
export function clockTime(iso: string): string {
  return CLOCK.format(Date.parse(iso));
}

/** A message's full date and time, for its tooltip. */
export function fullTime(iso: string): string {
  return FULL.format(Date.parse(iso));
}
