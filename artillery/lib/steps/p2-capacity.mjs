// P2: persisted messages/s at fan-out 10, as ABAB pairs of step ladders (API, then relay).
import { join } from 'node:path';
import { HarnessError, settle } from '../harness.mjs';
import { capacity } from '../report.mjs';

/** The config of one load/fanout.mjs run against `target` ('api' or 'relay'). */
export function fanoutConfig(h, target, url, serverPid, setupFile, extra) {
  return {
    target,
    url,
    setupFile,
    serverPid,
    drainMs: h.opts.drainMs,
    ackTimeoutMs: 10_000,
    warmupSeconds: h.opts.quick ? 3 : 5,
    p99LimitMs: 100,
    maxErrorRate: 0.00025,
    tag: `${h.tag}-${target}-${Date.now().toString(36)}`,
    // The same mix for the relay, which ignores threadRootId: the ratio compares like with like.
    threadShare: h.opts.threadShare,
    ...extra,
  };
}

/**
 * P2 as ABAB: `--pairs` rounds of step ladders, the API's, then the relay's and the durable
 * relay's (P9), so that a noisy stretch of a shared machine lands on one round, not on one
 * side. The first round climbs the whole ladder; later rounds start two steps below the first
 * round's capacity of that server (the steps under it passed already), so a round costs a few
 * steps, not the whole ladder.
 */
export async function measureP2(h, api, { relay, durable }, setupFile, ackedFiles) {
  const { opts } = h;
  const rounds = [];
  const servers = [['api', api], ['relay', relay], ...(durable ? [['durable', durable]] : [])];
  const ladders = Object.fromEntries(servers.map(([target]) => [target, opts.rates]));
  for (let pair = 1; pair <= opts.pairs; pair += 1) {
    const round = {};
    for (const [target, server] of servers) {
      const ackedOut = target === 'api' ? join(h.work, `acked-p2-${pair}.csv`) : undefined;
      if (ackedOut) ackedFiles.push(ackedOut);
      await settle(server.pid);
      round[target] = await h.timed(
        `P2 pair ${pair}/${opts.pairs}: steps against the ${target}`,
        () =>
          h.runLoad(
            'load/fanout.mjs',
            fanoutConfig(h, target, server.url, server.pid, setupFile, {
              mode: 'steps',
              rates: ladders[target],
              stepSeconds: opts.stepSeconds,
              ...(ackedOut ? { ackedOut } : {}),
            }),
          ),
      );
      if (target === 'api' && !api.alive()) throw new HarnessError('the API died during P2');
      round[target].firstRate = ladders[target][0];
    }
    rounds.push(round);
    if (pair === 1) {
      for (const [target] of servers) {
        const index = opts.rates.indexOf(capacity(round[target].steps));
        ladders[target] = opts.rates.slice(Math.max(0, index - 2));
      }
    }
  }
  return { pairs: opts.pairs, rounds, lowestRate: opts.rates[0] };
}
