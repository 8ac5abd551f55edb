/**
 * Fetches running at once per key (a site's host, a person) in this process, so one person's
 * links to one slow site hold a few of the worker's slots, never all of them.
 */
export class FetchSlots {
  private readonly busy = new Map<string, number>();

  constructor(private readonly perKey: number) {}

  /** A slot under every key at once, or none: the release function, or null when one is full. */
  tryTake(keys: readonly string[]): (() => void) | null {
    if (keys.some((key) => (this.busy.get(key) ?? 0) >= this.perKey)) return null;
    for (const key of keys) this.busy.set(key, (this.busy.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const key of keys) {
        const left = (this.busy.get(key) ?? 1) - 1;
        if (left > 0) this.busy.set(key, left);
        else this.busy.delete(key);
      }
    };
  }
}
