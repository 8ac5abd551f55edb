import { clockTime, dayKey, dayLabel, fullTime, relativeTime } from './chat-time';

// Tests run in UTC (jest.config.cjs), so local times are the UTC ones below.
const now = Date.parse('2026-03-12T14:32:00.000Z'); // a Thursday

/** The browser's language: British English unless a test says otherwise. */
let language = 'en-GB';
beforeEach(() => {
  language = 'en-GB';
  jest.spyOn(navigator, 'language', 'get').mockImplementation(() => language);
});

describe('relativeTime', () => {
  it.each([
    ['2026-03-12T14:31:30.000Z', 'just now'],
    ['2026-03-12T14:40:00.000Z', 'just now'], // a clock slightly ahead
    ['2026-03-12T14:27:00.000Z', '5 min'],
    ['2026-03-12T13:33:00.000Z', '59 min'],
    ['2026-03-12T09:05:00.000Z', '09:05'],
    ['2026-03-11T23:59:00.000Z', 'Wed'],
    ['2026-03-06T00:00:00.000Z', 'Fri'],
    ['2026-03-05T23:59:00.000Z', '5 Mar'],
    ['2025-12-31T10:00:00.000Z', '31 Dec 2025'],
  ])('%s is %s', (iso, expected) => {
    expect(relativeTime(iso, now)).toBe(expected);
  });
});

describe('dayLabel', () => {
  it.each([
    ['2026-03-12T00:00:00.000Z', 'Today'],
    ['2026-03-11T23:59:59.000Z', 'Yesterday'],
    ['2026-03-11T00:00:00.000Z', 'Yesterday'],
    ['2026-03-10T12:00:00.000Z', 'Tuesday 10 March'],
    ['2025-03-10T12:00:00.000Z', 'Monday, 10 March 2025'],
  ])('%s is %s', (iso, expected) => {
    expect(dayLabel(iso, now)).toBe(expected);
  });
});

describe('message times', () => {
  it('shows the clock in the bubble and the full date in its tooltip', () => {
    expect(clockTime('2026-03-12T07:04:00.000Z')).toBe('07:04');
    expect(fullTime('2026-03-12T17:04:00.000Z')).toBe('Thursday, 12 March 2026 at 17:04');
  });

  it("follows the browser's language rather than one fixed format", () => {
    language = 'en-US';
    expect(clockTime('2026-03-12T17:04:00.000Z')).toBe('5:04 PM');
    expect(relativeTime('2026-03-05T23:59:00.000Z', now)).toBe('Mar 5');
    expect(dayLabel('2026-03-10T12:00:00.000Z', now)).toBe('Tuesday, March 10');
    language = 'de-DE';
    expect(clockTime('2026-03-12T17:04:00.000Z')).toBe('17:04');
    expect(relativeTime('2026-03-05T23:59:00.000Z', now)).toBe('5. März');
  });

  it('keys calendar days', () => {
    expect(dayKey('2026-03-12T00:00:00.000Z')).toBe(dayKey('2026-03-12T23:59:59.000Z'));
    expect(dayKey('2026-03-12T23:59:59.000Z')).not.toBe(dayKey('2026-03-13T00:00:00.000Z'));
  });
});
