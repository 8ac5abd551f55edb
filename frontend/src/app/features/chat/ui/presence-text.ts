// How presence reads in a chat's header. Pure: `now` is passed in. Numbers, units and dates follow
// the browser's locale (`locale` undefined), the words around them are the app's.
import { Presence } from '../data-access/presence.store';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Beyond this many days ago, a date says more than "12 days ago". */
const RELATIVE_DAYS = 7;

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function relativeFormat(locale: string | undefined): Intl.RelativeTimeFormat {
  const key = locale ?? '';
  let format = relativeFormats.get(key);
  if (!format) {
    // `auto`: "yesterday" rather than "1 day ago".
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'long' });
    relativeFormats.set(key, format);
  }
  return format;
}

function dateFormat(locale: string | undefined, withYear: boolean): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${withYear}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'short',
      ...(withYear ? { year: 'numeric' } : {}),
    });
    dateFormats.set(key, format);
  }
  return format;
}

function startOfDay(time: number): number {
  const date = new Date(time);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

/** Whole calendar days between two times, in the browser's time zone. */
function calendarDays(earlier: number, later: number): number {
  // Rounded: a day with a daylight saving change is 23 or 25 hours long.
  return Math.round((startOfDay(later) - startOfDay(earlier)) / (24 * HOUR));
}

/**
 * "last seen just now", "last seen 5 minutes ago", "last seen 3 hours ago", "last seen yesterday",
 * "last seen 4 days ago", "last seen 12 Mar"; "offline" when never seen.
 */
export function lastSeenText(lastSeenAt: string | null, now: number, locale?: string): string {
  const time = lastSeenAt === null ? NaN : Date.parse(lastSeenAt);
  if (Number.isNaN(time)) return 'offline';
  const age = Math.max(0, now - time);
  if (age < MINUTE) return 'last seen just now';
  const relative = relativeFormat(locale);
  if (age < HOUR) return `last seen ${relative.format(-Math.floor(age / MINUTE), 'minute')}`;
  const days = calendarDays(time, now);
  if (days === 0 || age < 6 * HOUR) {
    return `last seen ${relative.format(-Math.floor(age / HOUR), 'hour')}`;
  }
  if (days < RELATIVE_DAYS) return `last seen ${relative.format(-days, 'day')}`;
  const withYear = new Date(time).getFullYear() !== new Date(now).getFullYear();
  return `last seen ${dateFormat(locale, withYear).format(time)}`;
}

/** A direct chat's subtitle: "online", "last seen …"; null while unknown. */
export function presenceText(
  presence: Presence | undefined,
  now: number,
  locale?: string,
): string | null {
  if (!presence) return null;
  return presence.online ? 'online' : lastSeenText(presence.lastSeenAt, now, locale);
}

/** A group's subtitle: "5 members, 2 online". */
export function groupPresenceText(members: number, online: number): string {
  const count = `${members} ${members === 1 ? 'member' : 'members'}`;
  return online > 0 ? `${count}, ${online} online` : count;
}
