#!/usr/bin/env node
// `npm run bench`: measures the performance figures of DESIGN.md section 8 against a throwaway
// stack, with the baselines (bare Socket.IO relay, raw pg) measured in the same run.
// See artillery/README.md. Options: --help. The steps live in lib/steps/, the stack in
// lib/stack.mjs, the figures and tables in lib/report.mjs and lib/results.mjs.
import { ServiceError } from '../scripts/lib/services.mjs';
import { createHarness, HarnessError, log } from './lib/harness.mjs';
import { parseOptions } from './lib/options.mjs';
import { summariseProfile } from './lib/profile.mjs';
import { writeResults } from './lib/results.mjs';
import {
  buildBackendIfNeeded,
  ensureArtillery,
  profileDir,
  startApi,
  startServices,
} from './lib/stack.mjs';
import { describeMachine, raisePriority, waitForQuietMachine } from './lib/steps/machine.mjs';
import { measureMessaging } from './lib/steps/messaging.mjs';
import { measureP1 } from './lib/steps/p1-sockets.mjs';
import { measureP6 } from './lib/steps/p6-bot.mjs';
import { measureP10 } from './lib/steps/p10-widget.mjs';
import { findDescendants } from './lib/util.mjs';

const options = parseOptions();
const h = createHarness(options);

async function main() {
  const { opts, runs } = h;
  const m = { fanout: opts.members, stepSeconds: opts.stepSeconds, threadShare: opts.threadShare };
  if (opts.waitQuietMinutes > 0) await waitForQuietMachine(opts.waitQuietMinutes);
  const priority = options.argv.priority ? raisePriority(h) : null;
  const before = describeMachine(h);

  const artilleryVersion = opts.artillery
    ? await h.timed('artillery install check', ensureArtillery)
    : null;
  const built = await h.timed('backend build check', async () => buildBackendIfNeeded());
  if (built) log('backend built');
  const services = await h.timed('start PostgreSQL and Redis', () => startServices(h));
  h.servicePids = servicePids();
  const api = await h.timed('start the API', () => startApi(h, services));
  log(`API ready at ${api.url} (pid ${api.pid})`);

  const setup = ['p2', 'p3', 'p4', 'p5'].some(runs)
    ? await measureMessaging(h, api, services, m)
    : null;
  if (runs('p6')) m.p6 = await measureP6(h, api, services);
  if (runs('p10')) m.p10 = await measureP10(h, api, services);
  if (opts.p1) m.p1 = await measureP1(h, api, services, setup);
  if (opts.profile) {
    // The profile is written when the process exits.
    await api.stop();
    m.profile = summariseProfile(profileDir(h));
  }
  return writeResults(h, m, { services, setup, priority, before, artilleryVersion });
}

/** The PostgreSQL (postmaster) and Redis processes we started, whose CPU each phase reports. */
function servicePids() {
  const [postmaster] = findDescendants(process.pid, /^postgres$/);
  const [redisPid] = findDescendants(process.pid, /^redis-server$/);
  return {
    ...(postmaster ? { postgres: postmaster } : {}),
    ...(redisPid ? { redis: redisPid } : {}),
  };
}

let exitCode = 1;
try {
  exitCode = await main();
  if (exitCode === 3) log('P7 FAILED: acknowledged messages lost or duplicated (exit code 3)');
} catch (error) {
  exitCode = 1;
  log(
    error instanceof HarnessError || error instanceof ServiceError
      ? `harness failure: ${error.message}`
      : `harness failure: ${error.stack ?? error}`,
  );
} finally {
  await h.cleanup();
}
process.exit(exitCode);
