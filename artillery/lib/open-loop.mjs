// The open-loop schedule every load client sends on: request k is due at a fixed time, whatever
// the server does, and is timed from that scheduled time, so a slow server cannot hide its
// queueing by slowing the sender down.

/**
 * For each of `schedules` ({ offset = 0, onDue(k, scheduledAt) }), calls `onDue` for
 * k = 0 .. rate * seconds - 1 once `start + (k + offset) / rate` seconds have come (a late tick
 * calls every one that is due). One 1 ms timer drives them all; after each tick `abort()` may end
 * the loop early. Resolves when every schedule is done or aborted.
 */
export function openLoop({
  rate,
  seconds,
  start = performance.now() + 5,
  schedules,
  abort = () => false,
}) {
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const next = schedules.map(() => 0);
  return new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      schedules.forEach(({ offset = 0, onDue }, s) => {
        while (next[s] < total && start + (next[s] + offset) * interval <= now) {
          onDue(next[s], start + (next[s] + offset) * interval);
          next[s] += 1;
        }
      });
      if (abort()) return resolve();
      if (next.every((k) => k >= total)) return resolve();
      setTimeout(tick, 1);
    };
    tick();
  });
}
