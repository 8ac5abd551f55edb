// Small helpers shared by the runner and the load processes: statistics, /proc sampling,
// CPU pinning, child processes.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'hdr-histogram-js';

export const benchDir = dirname(dirname(fileURLToPath(import.meta.url)));
export const repoRoot = dirname(benchDir);

/**
 * Percentile summary of latencies in ms, rounded to 0.01 ms: an HDR histogram of the values at
 * 1 µs units and 4 significant digits (each percentile within 0.01% of the exact value).
 */
export function summarize(values) {
  const n = values.length;
  if (n === 0) return { n: 0 };
  const histogram = build({ numberOfSignificantValueDigits: 4, useWebAssembly: false });
  for (const v of values) histogram.recordValue(Math.max(0, Math.round(v * 1000)));
  const ms = (us) => Math.round(us / 10) / 100;
  const at = (percentile) => ms(histogram.getValueAtPercentile(percentile));
  return {
    n,
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    max: ms(histogram.maxValue),
    mean: ms(histogram.mean),
  };
}

export const round = (v, digits = 2) =>
  v === null || v === undefined || Number.isNaN(v) ? null : Number(v.toFixed(digits));

let clkTck;
function ticksPerSecond() {
  if (clkTck) return clkTck;
  const probe = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  clkTck = Number(probe.stdout?.trim()) || 100;
  return clkTck;
}

/** CPU seconds (user + system) used so far by a process, or null when it cannot be read. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
  } catch {
    return null;
  }
}

/** Resident memory of a process in bytes, or null. */
export function rssBytes(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Measures a process's CPU use (fraction of one core) between start() and stop(). */
export function cpuMeter(pid) {
  let c0 = null;
  let t0 = 0;
  return {
    start() {
      c0 = pid ? cpuSeconds(pid) : null;
      t0 = performance.now();
    },
    stop() {
      if (c0 === null) return null;
      const c1 = cpuSeconds(pid);
      const wall = (performance.now() - t0) / 1000;
      return c1 === null || wall <= 0 ? null : round((c1 - c0) / wall, 3);
    },
  };
}

/** Whether `taskset` can pin to CPUs 0 and 1 here; a reason string when it cannot. */
export function pinningSupport() {
  const probe = spawnSync('taskset', ['-c', '0,1', 'true'], { stdio: 'ignore' });
  if (probe.error) return { ok: false, reason: '`taskset` is not installed (util-linux)' };
  if (probe.status !== 0)
    return { ok: false, reason: 'taskset cannot pin to CPUs 0 and 1 (fewer than 2 CPUs allowed)' };
  return { ok: true, reason: null };
}

/** [command, args] that run `node script args` pinned to `core` when pinning is on. */
export function nodeCommand(script, args, core, pin) {
  const node = process.execPath;
  return pin && core !== null && core !== undefined
    ? ['taskset', ['-c', String(core), node, script, ...args]]
    : [node, [script, ...args]];
}

/** Spawns a child whose stderr lines are passed to `onLine`; resolves with the exit code. */
export function spawnChild(command, args, { env, onLine, cwd = repoRoot, stdoutLine } = {}) {
  const child = spawn(command, args, {
    cwd,
    env: env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail = [];
  const lines = (stream, fn) => {
    let buffer = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      buffer += chunk;
      let i;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        tail.push(line);
        if (tail.length > 60) tail.shift();
        fn?.(line);
      }
    });
  };
  lines(child.stdout, stdoutLine ?? onLine);
  lines(child.stderr, onLine);
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 0))),
  );
  child.once('error', () => {});
  return { child, exited, tail };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export const resolveInRepo = (...parts) => join(repoRoot, ...parts);

// ---------------------------------------------------------------------------------------------
// Other people's CPU: this machine is shared, so every measured phase records how much CPU
// processes outside the benchmark's own process tree used meanwhile (in cores).

function totalBusySeconds() {
  const f = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return (total - f[3] - (f[4] ?? 0)) / ticksPerSecond();
}

/** CPU seconds used by `rootPid` and all its descendants (reaped ones included). */
export function treeCpuSeconds(rootPid) {
  const procs = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(name), {
        ppid: Number(f[1]),
        cpu: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]),
      });
    } catch {
      // exited meanwhile
    }
  }
  const children = new Map();
  for (const [pid, p] of procs) {
    if (!children.has(p.ppid)) children.set(p.ppid, []);
    children.get(p.ppid).push(pid);
  }
  let ticks = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    const p = procs.get(pid);
    if (p) ticks += p.cpu;
    stack.push(...(children.get(pid) ?? []));
  }
  return ticks / ticksPerSecond();
}

/** Measures the CPU (in cores) used by processes outside `rootPid`'s tree between start/stop. */
export function foreignMeter(rootPid) {
  let t0 = 0;
  let busy0 = 0;
  let ours0 = 0;
  const ok = (() => {
    try {
      totalBusySeconds();
      return Boolean(rootPid);
    } catch {
      return false;
    }
  })();
  return {
    start() {
      if (!ok) return;
      t0 = performance.now();
      busy0 = totalBusySeconds();
      ours0 = treeCpuSeconds(rootPid);
    },
    stop() {
      if (!ok || !t0) return null;
      const wall = (performance.now() - t0) / 1000;
      const foreign = totalBusySeconds() - busy0 - (treeCpuSeconds(rootPid) - ours0);
      return wall > 0 ? round(Math.max(0, foreign / wall), 2) : null;
    },
  };
}

/** Top-most descendants of `rootPid` whose command name matches `comm` (e.g. the postmaster). */
export function findDescendants(rootPid, comm) {
  const procs = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const open = stat.indexOf('(');
      const close = stat.lastIndexOf(')');
      procs.set(Number(name), {
        comm: stat.slice(open + 1, close),
        ppid: Number(stat.slice(close + 2).split(' ')[1]),
      });
    } catch {
      // exited meanwhile
    }
  }
  const found = [];
  const walk = (pid) => {
    for (const [child, p] of procs) {
      if (p.ppid !== pid) continue;
      if (comm.test(p.comm)) found.push(child);
      else walk(child);
    }
  };
  walk(rootPid);
  return found;
}

/** CPU (in cores) of several process trees between start() and stop(), by name. */
export function treesMeter(trees = {}) {
  let t0 = 0;
  let c0 = {};
  const read = () =>
    Object.fromEntries(Object.entries(trees).map(([name, pid]) => [name, treeCpuSeconds(pid)]));
  return {
    start() {
      t0 = performance.now();
      c0 = read();
    },
    stop() {
      const wall = (performance.now() - t0) / 1000;
      const c1 = read();
      return Object.fromEntries(
        Object.keys(trees).map((name) => [
          name,
          wall > 0 ? round((c1[name] - c0[name]) / wall, 3) : null,
        ]),
      );
    },
  };
}

/**
 * Waits until process `pid` uses less than `below` of a core over `windowMs`, at most `maxMs`;
 * false when it stayed busy.
 */
export async function waitForQuiet(pid, { below, windowMs, maxMs }) {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const meter = cpuMeter(pid);
    meter.start();
    await sleep(windowMs);
    const used = meter.stop();
    if (used === null || used < below) return true;
  }
  return false;
}

/**
 * The CPU of a measuring window, from a load client's config: the server process
 * (`serverPid`), the services' trees (`servicePids`) and every process outside the benchmark
 * (`rootPid`'s tree is ours). `stop()` returns { serverCpu, foreignCpu, servicesCpu } in cores.
 */
export function windowMeters(cfg) {
  const server = cpuMeter(cfg.serverPid);
  const foreign = foreignMeter(cfg.rootPid);
  const services = treesMeter(cfg.servicePids);
  return {
    start() {
      server.start();
      foreign.start();
      services.start();
    },
    stop: () => ({
      serverCpu: server.stop(),
      foreignCpu: foreign.stop(),
      servicesCpu: services.stop(),
    }),
  };
}

/**
 * GET `target` with a bearer token on a keep-alive `agent`: resolves null when it answers 200
 * with JSON that `check(body)` accepts (returns null), else the error as a string (never rejects;
 * a request taking over 10 s is an error).
 */
export function checkedGet(agent, target, token, check) {
  return new Promise((resolve) => {
    const req = request(
      target,
      { agent, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode !== 200) return resolve(`HTTP ${res.statusCode}`);
          try {
            resolve(check(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
          } catch (error) {
            resolve(`bad JSON: ${error.message}`);
          }
        });
        res.on('error', (error) => resolve(error.message));
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve(error.message));
    req.end();
  });
}
