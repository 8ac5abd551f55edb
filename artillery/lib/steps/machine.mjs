// Before the run: wait for a quiet machine (--wait-quiet), raise the priority (--priority), and
// note how busy the machine is.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, setPriority } from 'node:os';
import { LOAD_CORE, log, machineBusy, SERVER_CORE } from '../harness.mjs';

/** Waits up to `minutes` until other processes use < 0.3 cores for 30 s (then runs anyway). */
export async function waitForQuietMachine(minutes) {
  const deadline = Date.now() + minutes * 60_000;
  let quietFor = 0;
  log(`waiting up to ${minutes} min for a quiet machine...`);
  while (Date.now() < deadline && quietFor < 30) {
    const busy = machineBusy(5_000);
    quietFor = busy !== null && busy < 0.3 ? quietFor + 5 : 0;
  }
  log(quietFor >= 30 ? 'the machine is quiet' : 'the machine stayed busy; running anyway');
}

/** --priority: nice -10 for this process and all it starts; what it got, or null. */
export function raisePriority(h) {
  let priority = null;
  // Every process started from here on (PostgreSQL, Redis, API, relay, load) inherits it.
  try {
    setPriority(0, -10);
    priority = 'nice -10';
    // With scheduler autogroups (sched_autogroup_enabled=1) a nice value only counts within
    // the session: give this session's group the same weight against other sessions.
    if (existsSync('/proc/self/autogroup')) {
      try {
        const before =
          /nice (-?\d+)/.exec(readFileSync('/proc/self/autogroup', 'utf8'))?.[1] ?? '0';
        writeFileSync('/proc/self/autogroup', '-10');
        priority = 'nice -10 (process and session autogroup)';
        h.cleanups.unshift(async () => writeFileSync('/proc/self/autogroup', before));
      } catch {
        // not permitted: the per-process nice still applies within the session
      }
    }
  } catch (error) {
    log(
      `--priority: cannot raise the priority (${error.code ?? error.message}); running at normal priority`,
    );
  }
  return priority;
}

/** Logs the mode, the pinning and how busy the machine is; returns { busy, load } for meta. */
export function describeMachine(h) {
  const busy = machineBusy();
  const load = loadavg()[0];
  log(
    `mode ${h.opts.quick ? 'quick' : 'full'}; pinning: ${h.pin ? `API/relay on CPU ${SERVER_CORE}, load generators on CPU ${LOAD_CORE} (PostgreSQL and Redis are not pinned)` : `unavailable (${h.pinning.reason})`}`,
  );
  log(`machine before the run: ${busy ?? '?'} cores busy, load average ${load.toFixed(2)}`);
  return { busy, load };
}
