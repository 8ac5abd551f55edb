// P3: send -> delivered to all members at half the API's P2 capacity, against the API (with P4's
// pages during it, and the API's event-loop delay), then against the relay and the durable relay.
import { join } from 'node:path';
import { HarnessError, settle } from '../harness.mjs';
import { resetStatements, topStatements } from '../profile.mjs';
import { capacity, median } from '../report.mjs';
import { apiLoopDelay } from '../stack.mjs';
import { sleep } from '../util.mjs';
import { fanoutConfig } from './p2-capacity.mjs';

/**
 * P3 into `m.p3` (and P4 during it into `m.p4.load` when P4 runs); the API's run and the file
 * of its acked messages join `forP7` ({ apiRuns, ackedFiles }).
 */
export async function measureP3(h, { api, relay, durable, services, setupFile, pages }, m, forP7) {
  const { opts } = h;
  // P3 (+ P4 during it) at half the API's P2 capacity (the median of the pairs).
  const apiCapacity = m.p2 ? median(m.p2.rounds.map((r) => capacity(r.api.steps))) : 0;
  m.p3 = {
    rate: opts.p3Rate ?? Math.max(25, Math.round((apiCapacity || opts.rates[0]) / 2)),
  };
  if (!opts.p3Rate && !apiCapacity)
    m.p3.rateNote = `no P2 step passed: P3 ran at half the lowest step (${m.p3.rate} msg/s)`;
  const ackedP3 = join(h.work, 'acked-p3.csv');
  forP7.ackedFiles.push(ackedP3);
  await settle(api.pid);
  if (opts.profile) await resetStatements(services.databaseUrl);
  const withPages = h.runs('p4');
  await h.timed(
    `P3 at ${m.p3.rate} msg/s against the API${withPages ? ', P4 during it' : ''}`,
    async () => {
      let pagePromise = null;
      let loopWindow = null;
      const fanout = h.runLoad(
        'load/fanout.mjs',
        fanoutConfig(h, 'api', api.url, api.pid, setupFile, {
          mode: 'fixed',
          fixedRate: m.p3.rate,
          fixedSeconds: opts.p3Seconds,
          ackedOut: ackedP3,
        }),
        {
          onLine: (line) => {
            if (line !== 'SENDING') return true;
            // Starts the window of the API's event-loop delay: does the page path queue?
            loopWindow = apiLoopDelay(api.metricsUrl);
            if (withPages) {
              pagePromise = sleep(1_000).then(() =>
                h.runLoad('load/page.mjs', {
                  ...pages,
                  seconds: opts.p3Seconds - 3,
                  label: 'during P3',
                }),
              );
            }
            return false;
          },
        },
      );
      m.p3.apiRun = await fanout;
      m.p3.api = m.p3.apiRun.fixed;
      await loopWindow;
      m.p3.apiLoopDelayMs = await apiLoopDelay(api.metricsUrl);
      if (withPages) {
        if (!pagePromise) throw new HarnessError('P4 did not start');
        m.p4.load = await pagePromise;
      }
    },
  );
  forP7.apiRuns.push(m.p3.apiRun);
  if (opts.profile) m.p3.statements = await topStatements(services.databaseUrl);
  if (!api.alive()) throw new HarnessError('the API died during P3');
  for (const [target, server] of [
    ['relay', relay],
    ['durable', durable],
  ]) {
    await settle(server.pid);
    m.p3[target] = (
      await h.timed(
        `P3 at ${m.p3.rate} msg/s against the ${target === 'relay' ? 'relay' : 'durable relay'}`,
        () =>
          h.runLoad(
            'load/fanout.mjs',
            fanoutConfig(h, target, server.url, server.pid, setupFile, {
              mode: 'fixed',
              fixedRate: m.p3.rate,
              fixedSeconds: opts.p3Seconds,
            }),
          ),
      )
    ).fixed;
  }
}
