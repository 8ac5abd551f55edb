// The runner's plumbing: progress lines, timed phases, cleanups, CPU pinning, the temporary
// folder, load processes, and how busy the machine and a server are.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onShutdownSignal } from '../../scripts/lib/services.mjs';
import {
  benchDir,
  foreignMeter,
  nodeCommand,
  pinningSupport,
  readJson,
  repoRoot,
  round,
  spawnChild,
  waitForQuiet,
} from './util.mjs';

/** A failure of the benchmark itself (not a figure that misses its target). */
export class HarnessError extends Error {}

export const log = (line) => process.stderr.write(`[bench] ${line}\n`);

/** The API and the relay run on this core, the load generators on the other. */
export const SERVER_CORE = 1;
export const LOAD_CORE = 0;

/**
 * The run's harness, from the parsed options (parseOptions: `opts`, `only`, `runs(figure)`,
 * `allFigures`): `timed` phases (durations in `timings`, other
 * processes' CPU in `othersCpu`), `cleanups` run in reverse by `cleanup()` (also on Ctrl-C),
 * CPU pinning, the temporary folder `work`, `runLoad` and `settle`.
 */
export function createHarness({ argv, opts, only, runs, allFigures }) {
  const h = {
    opts,
    only,
    runs,
    allFigures,
    runStarted: Date.now(),
    timings: {},
    othersCpu: {},
    cleanups: [],
    /** PostgreSQL (postmaster) and Redis processes we started, whose CPU each phase reports. */
    servicePids: {},
    /** Tags this run's users and messages. */
    tag: `b${Date.now().toString(36)}`,
  };

  /** Runs one phase, recording its duration and the CPU other processes used meanwhile. */
  h.timed = async (name, fn) => {
    const t0 = Date.now();
    const foreign = foreignMeter(process.pid);
    foreign.start();
    log(`${name}...`);
    try {
      return await fn();
    } finally {
      h.timings[name] = round((Date.now() - t0) / 1000, 1);
      const wall = (Date.now() - t0) / 1000;
      h.othersCpu[name] = wall >= 2 ? foreign.stop() : null;
    }
  };

  h.cleanup = async () => {
    while (h.cleanups.length)
      await h.cleanups
        .pop()()
        .catch(() => {});
  };
  onShutdownSignal(h.cleanup);

  h.pinning = argv['no-pin'] ? { ok: false, reason: 'disabled with --no-pin' } : pinningSupport();
  h.pin = h.pinning.ok;

  h.work = mkdtempSync(join(tmpdir(), 'chat-bench-'));
  h.cleanups.push(async () => {
    if (argv.keep) log(`kept ${h.work}`);
    else rmSync(h.work, { recursive: true, force: true });
  });

  /** Runs a load script pinned to the load core; returns its JSON result. */
  h.runLoad = async (script, config, { onLine } = {}) => {
    const name = `${script.replace(/\W+/g, '-')}-${Date.now().toString(36)}`;
    const configFile = join(h.work, `${name}.config.json`);
    const out = join(h.work, `${name}.result.json`);
    writeFileSync(
      configFile,
      JSON.stringify({ rootPid: process.pid, servicePids: h.servicePids, ...config, out }),
    );
    const [cmd, args] = nodeCommand(join(benchDir, script), [configFile], LOAD_CORE, h.pin);
    const { exited, tail } = spawnChild(cmd, args, {
      onLine: (line) => {
        if (onLine?.(line) === false || line === 'SENDING') return;
        process.stderr.write(`${line}\n`);
      },
    });
    const code = await exited;
    if (code !== 0 || !existsSync(out)) {
      throw new HarnessError(`${script} failed (exit ${code}):\n${tail.slice(-15).join('\n')}`);
    }
    return readJson(out);
  };

  return h;
}

/** Waits until a server process is quiet (< 15% of a core) so a phase starts from rest. */
export async function settle(pid, maxMs = 30_000) {
  if (!(await waitForQuiet(pid, { below: 0.15, windowMs: 1_000, maxMs })))
    log(`server still busy after ${maxMs / 1000} s; going on`);
}

/** Cores in use over `sampleMs`, by every process (from /proc/stat), or null. */
export function machineBusy(sampleMs = 2_000) {
  const read = () =>
    readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  try {
    const a = read();
    spawnSync('sleep', [String(sampleMs / 1000)]);
    const b = read();
    const d = b.map((v, i) => v - a[i]);
    const total = d.reduce((x, y) => x + y, 0);
    const idle = d[3] + (d[4] ?? 0);
    const cores = navigatorCores();
    return round(((total - idle) / total) * cores, 2);
  } catch {
    return null;
  }
}

export function navigatorCores() {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8').match(/^processor\s*:/gm).length;
  } catch {
    return 1;
  }
}

/** The repository's Prettier style for files we write (so `prettier --check .` stays clean). */
export async function formatted(text, filepath) {
  try {
    const prettier = createRequire(join(repoRoot, 'package.json'))('prettier');
    const options = (await prettier.resolveConfig(filepath)) ?? {};
    return await prettier.format(text, { ...options, filepath });
  } catch {
    return text;
  }
}
