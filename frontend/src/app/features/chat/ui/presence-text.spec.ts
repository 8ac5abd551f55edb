import { groupPresenceText, lastSeenText, presenceText } from './presence-text';

// Jest runs in UTC (jest.config.cjs): calendar days are UTC days here.
const now = Date.parse('2026-03-12T15:00:00.000Z');
const ago = (ms: number) => new Date(now - ms).toISOString();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('lastSeenText', () => {
  it('says how long ago, in words that move on with the time', () => {
    expect(lastSeenText(ago(20_000), now, 'en')).toBe('last seen just now');
    expect(lastSeenText(ago(MINUTE), now, 'en')).toBe('last seen 1 minute ago');
    expect(lastSeenText(ago(5 * MINUTE + 59_000), now, 'en')).toBe('last seen 5 minutes ago');
    expect(lastSeenText(ago(59 * MINUTE), now, 'en')).toBe('last seen 59 minutes ago');
    expect(lastSeenText(ago(HOUR), now, 'en')).toBe('last seen 1 hour ago');
    expect(lastSeenText(ago(14 * HOUR), now, 'en')).toBe('last seen 14 hours ago');
  });

  it('counts calendar days beyond today, then gives the date', () => {
    // 23:00 yesterday.
    expect(lastSeenText('2026-03-11T23:00:00.000Z', now, 'en')).toBe('last seen yesterday');
    expect(lastSeenText('2026-03-08T16:00:00.000Z', now, 'en')).toBe('last seen 4 days ago');
    expect(lastSeenText('2026-02-20T10:00:00.000Z', now, 'en')).toBe('last seen Feb 20');
    expect(lastSeenText('2025-12-24T10:00:00.000Z', now, 'en')).toBe('last seen Dec 24, 2025');
  });

  it('follows the locale for the numbers, units and dates', () => {
    expect(lastSeenText(ago(5 * MINUTE), now, 'en-GB')).toBe('last seen 5 minutes ago');
    expect(lastSeenText('2026-02-20T10:00:00.000Z', now, 'en-GB')).toBe('last seen 20 Feb');
    expect(lastSeenText(ago(3 * HOUR), now, 'de')).toBe('last seen vor 3 Stunden');
  });

  it('a clock a little ahead of the server never says "in 1 minute"', () => {
    expect(lastSeenText(new Date(now + 90_000).toISOString(), now, 'en')).toBe(
      'last seen just now',
    );
  });

  it('says offline when never seen', () => {
    expect(lastSeenText(null, now, 'en')).toBe('offline');
    expect(lastSeenText('not a date', now, 'en')).toBe('offline');
  });
});

describe('presenceText', () => {
  it('is "online", "last seen …", or nothing while unknown', () => {
    expect(presenceText({ online: true, lastSeenAt: ago(HOUR) }, now, 'en')).toBe('online');
    expect(presenceText({ online: false, lastSeenAt: ago(2 * HOUR) }, now, 'en')).toBe(
      'last seen 2 hours ago',
    );
    expect(presenceText(undefined, now, 'en')).toBeNull();
  });
});

describe('groupPresenceText', () => {
  it('counts the members and those online', () => {
    expect(groupPresenceText(5, 2)).toBe('5 members, 2 online');
    expect(groupPresenceText(3, 0)).toBe('3 members');
    expect(groupPresenceText(1, 1)).toBe('1 member, 1 online');
  });
});
