#!/usr/bin/env node
// `npm run soak -- --minutes N`: the chaos soak. Two API processes and a worker over one
// PostgreSQL and Redis carry a mixed load (group sends with thread replies, questions to the
// assistant on a local fake model, uploads, searches, dropped connections) while a schedule
// SIGKILLs and restarts each of them in turn. It ends with the verdict: nothing acknowledged
// lost or doubled, no 5xx / INTERNAL outside the outage windows, every prompt answered once,
// and how long each fault took to recover. Exit 1 on any failure. See docs/development.md.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { onShutdownSignal, ServiceError } from '../scripts/lib/services.mjs';
import { HarnessError } from './lib/harness.mjs';
import { startChaosStack } from './lib/soak/chaos-stack.mjs';
import { createPeople, createTimeline, startSideLoad } from './lib/soak/load.mjs';
import { printReport } from './lib/soak/report.mjs';
import { verify } from './lib/soak/verify.mjs';
import { buildBackendIfNeeded } from './lib/stack.mjs';
import { sleep } from './lib/util.mjs';

/** The order faults come in; every component is killed once in any five faults in a row. */
const FAULT_ORDER = ['api-a', 'redis', 'worker', 'postgres', 'api-b'];

const log = (line) => process.stderr.write(`[soak] ${line}\n`);

function parseOptions() {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '5' },
      'fault-every': { type: 'string' },
      groups: { type: 'string', default: '3' },
      members: { type: 'string', default: '4' },
      'bot-people': { type: 'string', default: '3' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'usage: npm run soak -- [--minutes N] [--fault-every S] [--groups N] [--members N] [--bot-people N] [--keep]\n' +
        '  --minutes N      how long the load and the faults last (default 5)\n' +
        '  --fault-every S  seconds between faults (default: 60, less when N minutes would not kill every component once)\n' +
        '  --groups N, --members N, --bot-people N  the people: N groups of N members, N asking the assistant (3, 4, 3)\n' +
        '  --keep           keep the temporary folder (databases, logs) at the end\n',
    );
    process.exit(0);
  }
  const minutes = Number(values.minutes);
  if (!(minutes > 0)) throw new HarnessError('--minutes must be a positive number');
  const durationMs = minutes * 60_000;
  const faultEveryMs = values['fault-every']
    ? Number(values['fault-every']) * 1000
    : Math.min(60_000, durationMs / (FAULT_ORDER.length + 1));
  return {
    durationMs,
    faultEveryMs,
    // A dependency stays away this long before it is started again (long enough for clients to
    // see refusals, short enough that a one-minute run fits five faults).
    downMs: Math.min(5_000, Math.max(1_000, faultEveryMs / 5)),
    groups: Number(values.groups),
    members: Number(values.members),
    botPeople: Number(values['bot-people']),
    sendEveryMs: 400,
    threadShare: 0.2,
    askEveryMs: 3_000,
    uploadEveryMs: 3_000,
    searchEveryMs: 2_000,
    dropEveryMs: 4_000,
    drainMs: 60_000,
    keep: values.keep,
  };
}

/** Kills `component`, starts it again after `downMs` (dependencies only) and records it. */
async function fault(stack, component, started, opts) {
  const c = stack.components[component];
  const killedAt = Date.now();
  await c.kill();
  log(`${((killedAt - started) / 1000).toFixed(1)} s: ${component} killed`);
  if (component === 'redis' || component === 'postgres') await sleep(opts.downMs);
  await c.restart();
  const readyAt = Date.now();
  log(`${component} back after ${((readyAt - killedAt) / 1000).toFixed(1)} s`);
  return { component, killedAt, readyAt, atSeconds: Math.round((killedAt - started) / 1000) };
}

async function main(h, opts) {
  if (buildBackendIfNeeded()) log('backend built');
  log('starting PostgreSQL, Redis, two API processes, a worker and the fake model...');
  const stack = await startChaosStack(h);
  const timeline = createTimeline();
  const people = await createPeople(h, stack, timeline, opts);
  const everyone = [...people.groups, ...people.botConversations].flatMap((c) => c.people);
  log(
    `${everyone.length} people connected: ${opts.groups} groups of ${opts.members}, ` +
      `${opts.botPeople} asking the assistant; ${Math.round(opts.durationMs / 1000)} s, ` +
      `a fault every ${Math.round(opts.faultEveryMs / 1000)} s`,
  );
  everyone.forEach((p) => p.start());
  const side = startSideLoad(stack, timeline, people, opts);

  const started = Date.now();
  opts.startedAt = started;
  const faults = [];
  for (let i = 0; ; i++) {
    const at = started + (i + 1) * opts.faultEveryMs;
    // The last fault leaves half a period of load after it, to recover under.
    if (at > started + opts.durationMs - opts.faultEveryMs / 2) break;
    await sleep(Math.max(0, at - Date.now()));
    faults.push(await fault(stack, FAULT_ORDER[i % FAULT_ORDER.length], started, opts));
  }
  await sleep(Math.max(0, started + opts.durationMs - Date.now()));

  log('load stopped; draining sends and bot replies...');
  await side.stop();
  const stopped = Promise.all(everyone.map((p) => p.stop()));
  await Promise.race([stopped, sleep(opts.drainMs)]);
  const result = await verify(stack, people, timeline, faults, stack.unexpectedExits, opts);
  const summary = {
    minutes: opts.durationMs / 60_000,
    people: everyone.length,
    faults: faults.length,
    ...result,
    side: side.counts,
    modelRequests: stack.model.requests(),
    workerWarnings: result.bots.unanswered > 0 ? stack.workerWarnings.slice(-15) : [],
    pass: result.failures.length === 0,
  };
  printReport(summary);
  return summary.pass ? 0 : 1;
}

let opts;
try {
  opts = parseOptions();
} catch (error) {
  // A bad command line: one line saying what, no stack.
  log(error.message);
  process.exit(2);
}
const h = {
  opts: { botConcurrency: 8, profile: false },
  pin: false,
  cleanups: [],
  tag: `s${Date.now().toString(36)}`,
  work: mkdtempSync(join(tmpdir(), 'chat-soak-')),
};
// PostgreSQL runs as the `postgres` user when we are root: it must reach its data folder inside.
chmodSync(h.work, 0o755);
// The temporary folder goes last: PostgreSQL and Redis keep their data in it.
h.cleanups.push(async () => {
  if (opts.keep) log(`kept ${h.work}`);
  else rmSync(h.work, { recursive: true, force: true });
});
h.cleanup = async () => {
  while (h.cleanups.length)
    await h.cleanups
      .pop()()
      .catch(() => {});
};
onShutdownSignal(h.cleanup);

let exitCode = 1;
try {
  exitCode = await main(h, opts);
} catch (error) {
  log(
    error instanceof HarnessError || error instanceof ServiceError
      ? `harness failure: ${error.message}`
      : `harness failure: ${error.stack ?? error}`,
  );
} finally {
  await h.cleanup();
}
process.exit(exitCode);
