/** A time the pickers offer, computed from now when the picker opens. */
export interface SchedulePreset {
  readonly label: string;
  readonly at: Date;
}

/** In 20 min, 1 h, 3 h, and tomorrow at 9:00 (local time). */
export function schedulePresets(now: Date): SchedulePreset[] {
  const inMinutes = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  return [
    { label: 'In 20 minutes', at: inMinutes(20) },
    { label: 'In 1 hour', at: inMinutes(60) },
    { label: 'In 3 hours', at: inMinutes(180) },
    { label: 'Tomorrow at 9:00', at: tomorrow },
  ];
}

/** `YYYY-MM-DDTHH:mm` in local time, as `<input type="datetime-local">` reads and writes it. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
