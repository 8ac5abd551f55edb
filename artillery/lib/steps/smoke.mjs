// The Artillery smoke scenarios (rest-smoke, socket-send) against the API: the product driven by
// a stock load tool, beside our own load clients.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError, LOAD_CORE, settle } from '../harness.mjs';
import { benchDir, readJson, round, spawnChild } from '../util.mjs';

/** Both scenarios, or their `skipped` lines with --no-artillery. */
export async function runSmoke(h, api) {
  const smoke = {};
  if (h.opts.artillery) {
    await settle(api.pid);
    smoke.rest = await h.timed('Artillery rest-smoke', () =>
      runArtillery(h, 'rest-smoke', api.url),
    );
    smoke.socket = await h.timed('Artillery socket-send', () =>
      runArtillery(h, 'socket-send', api.url),
    );
  } else {
    smoke.rest = { skipped: 'skipped (--no-artillery)' };
    smoke.socket = { skipped: 'skipped (--no-artillery)' };
  }
  if (!api.alive()) throw new HarnessError('the API died during the Artillery smoke');
  return smoke;
}

/** Runs one Artillery scenario for --smoke-seconds; its counters and latency summaries. */
async function runArtillery(h, name, url) {
  const report = join(h.work, `artillery-${name}.json`);
  const logFile = join(h.work, `artillery-${name}.log`);
  const bin = join(benchDir, 'node_modules', 'artillery', 'bin', 'run');
  const overrides = {
    config: { phases: [{ name: 'smoke', duration: h.opts.smokeSeconds, arrivalRate: 2 }] },
  };
  const args = [
    bin,
    'run',
    '--target',
    url,
    '--output',
    report,
    '--overrides',
    JSON.stringify(overrides),
    join(benchDir, 'scenarios', `${name}.yml`),
  ];
  const [cmd, cmdArgs] = h.pin
    ? ['taskset', ['-c', String(LOAD_CORE), process.execPath, ...args]]
    : [process.execPath, args];
  const started = Date.now();
  const lines = [];
  const { exited } = spawnChild(cmd, cmdArgs, {
    cwd: benchDir,
    env: {
      ...process.env,
      ARTILLERY_DISABLE_TELEMETRY: 'true',
      PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
    },
    onLine: (line) => lines.push(line),
  });
  const code = await exited;
  writeFileSync(logFile, lines.join('\n'));
  const seconds = round((Date.now() - started) / 1000, 1);
  if (!existsSync(report)) {
    return {
      failed: `artillery exited ${code} without a report: ${lines.slice(-5).join(' | ')}`,
      seconds,
    };
  }
  const { aggregate } = readJson(report);
  const counters = aggregate.counters ?? {};
  const summaries = aggregate.summaries ?? {};
  const errorDetail = {};
  for (const [k, v] of Object.entries(counters)) {
    if (k.startsWith('errors.') || /^http\.codes\.[45]/.test(k)) errorDetail[k] = v;
  }
  const errors =
    Object.entries(counters)
      .filter(([k]) => k.startsWith('errors.'))
      .reduce((n, [, v]) => n + v, 0) + (counters['vusers.failed'] ?? 0);
  const pick = (s) =>
    s ? { count: s.count, p50: s.median ?? s.p50, p95: s.p95, p99: s.p99, max: s.max } : null;
  return {
    exitCode: code,
    seconds,
    vusers: {
      created: counters['vusers.created'] ?? 0,
      completed: counters['vusers.completed'] ?? 0,
      failed: counters['vusers.failed'] ?? 0,
    },
    errors,
    errorDetail,
    'http.response_time': pick(summaries['http.response_time']),
    'socketio.response_time': pick(summaries['socketio.response_time']),
  };
}
