import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Gauge, type Registry } from 'prom-client';

/** How often the loop is sampled; each sample is its timer's delay past this period. */
const RESOLUTION_MS = 1;

/**
 * `event_loop_delay_seconds{quantile}`: how long ready work (a page request, an ack) waited
 * for the event loop since the previous scrape, as p50, p90, p99 and max. Node's histogram
 * records each sample as the whole interval between two timer runs; the sampling period is
 * subtracted, so an idle loop reads about 0. (prom-client's `nodejs_eventloop_lag_p*_seconds`
 * sample every 10 ms and include those 10 ms.) Read-and-reset: with two scrapers, each sees
 * the delays since the other's last scrape.
 */
export function registerEventLoopDelay(registry: Registry): void {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const period = RESOLUTION_MS / 1_000;
  const seconds = (nanoseconds: number) => Math.max(0, nanoseconds / 1e9 - period);
  new Gauge({
    name: 'event_loop_delay_seconds',
    help: 'Event-loop delay since the previous scrape (beyond the 1 ms sampling period), by quantile',
    labelNames: ['quantile'] as const,
    registers: [registry],
    collect() {
      const empty = histogram.count === 0;
      for (const [quantile, value] of [
        ['0.5', histogram.percentile(50)],
        ['0.9', histogram.percentile(90)],
        ['0.99', histogram.percentile(99)],
        ['1', histogram.max],
      ] as const) {
        this.set({ quantile }, empty ? 0 : seconds(value));
      }
      histogram.reset();
    },
  });
}
