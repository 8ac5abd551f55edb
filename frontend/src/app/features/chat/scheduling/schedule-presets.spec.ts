import { schedulePresets, toLocalInput } from './schedule-presets';

describe('schedulePresets', () => {
  it('offers 20 minutes, 1 and 3 hours from now, and tomorrow at 9:00', () => {
    const now = new Date(2026, 11, 7, 22, 30);
    const presets = schedulePresets(now);
    expect(presets.map((p) => p.label)).toEqual([
      'In 20 minutes',
      'In 1 hour',
      'In 3 hours',
      'Tomorrow at 9:00',
    ]);
    expect(presets.map((p) => toLocalInput(p.at))).toEqual([
      '2026-12-07T22:50',
      '2026-12-07T23:30',
      '2026-12-08T01:30',
      '2026-12-08T09:00',
    ]);
  });
});
