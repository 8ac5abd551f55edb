#!/usr/bin/env node
// `npm run bench`: measures the performance figures of DESIGN.md section 8 against a throwaway
// stack, with the baselines (bare Socket.IO relay, raw pg) measured in the same run.
// See artillery/README.md. Options: --help.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  backendRequire,
  freePort,
  onShutdownSignal,
  productionSettings,
  ServiceError,
  startPostgres,
  startRedis,
} from '../scripts/lib/services.mjs';
import {
  artilleryFigure,
  capacity,
  compactStep,
  median,
  markdownTable,
  p1Figure,
  p2Figure,
  p3Figure,
  p4Figure,
  p5Figure,
  p6Figure,
  p6Table,
  p7Figure,
  pairsTable,
  stepsTable,
} from './lib/report.mjs';

/** P5: searches per second (mixed kinds), open loop. */
const SEARCH_RATE = 20;
/**
 * The embedded server's buffer cache: the hot part of the 1,000,000-message table and its
 * indexes fits, as on a production server (a quarter of its memory is the usual advice).
 */
const BENCH_SHARED_BUFFERS = '1GB';
import {
  benchDir,
  cpuMeter,
  findDescendants,
  foreignMeter,
  nodeCommand,
  pinningSupport,
  pool,
  readJson,
  repoRoot,
  round,
  sleep,
  spawnChild,
} from './lib/util.mjs';

const pg = backendRequire('pg');

// ---------------------------------------------------------------------------------------------
// Options

const HELP = `usage: npm run bench -- [options]

  --quick               about 4 minutes: fewer users, 5 s steps, short P3/P4 and smoke phases
  --p1                  also run P1: hold --p1-sockets sockets for --p1-minutes (default off)
  --p1-sockets N        sockets for P1 (default 10000)
  --p1-minutes N        minutes to hold them (default 10)
  --rates a,b,c         P2 steps in msg/s (default 100,200,400,800,1200,1600,2000,2400,3200,
                        4000,4800,6400,8000; quick 100,200,400,800,1600,3200)
  --step-seconds N      seconds per P2 step (default 15; quick 5)
  --pairs N             P2 alternates API and relay ladders, ABAB: N pairs (default 3, at
                        least 1); the figure is the median of each, with the spread
  --p3-rate N           P3 rate in msg/s (default: half the API's P2 capacity; needed by
                        --only p3 without p2)
  --conversations N     groups of 10 registered users for P2/P3 (default 50; quick 20)
  --p3-seconds N        seconds of P3 (and P4) load (default 30; quick 10)
  --messages N          size of the P4 conversation (default 1000000; quick 200000)
  --smoke-seconds N     seconds of each Artillery smoke scenario (default 20; quick 5)
  --bot-rate N          P6: new questions to sizebot per second, each in another person's
                        direct conversation with it (default 50)
  --bot-seconds N       seconds of P6 load (default 20; quick 8)
  --bot-people N        people registered for P6, each with its own conversation with sizebot
                        (default 200; quick 100); a person asks again once answered
  --bot-concurrency N   BOT_CONCURRENCY of the API's inline bot worker (default: the product's, 32)
  --only LIST           run only these figures and the setup they need, e.g. --only p2
                        (p2, p3, p4 = p3 with pages during it, p5, p6; P7 checks whatever
                        p2/p3 acked); results go to latest[-quick]-only-<list>.*
  --no-artillery        skip the Artillery smoke scenarios (and their install)
  --no-pin              do not pin with taskset
  --wait-quiet N        first wait up to N minutes for other processes to leave the CPUs
                        (< 0.3 cores busy for 20 s); then run anyway, marked indicative
  --priority            run the whole benchmark (services, API, relay, load) at nice -10 (and
                        its session's autogroup) so other work disturbs it less; needs root,
                        and slows everybody else's work on a shared machine meanwhile
  --profile             where the time goes: PostgreSQL with pg_stat_statements (the statements
                        of P3 and P4, by total time) and the first API process's V8 CPU profile
                        (self time by package and function), added to the results
  --keep                keep the temporary folder (load results, logs) and print its path
  --help`;

const { values: argv } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    p1: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'p1-sockets': { type: 'string' },
    'p1-minutes': { type: 'string' },
    rates: { type: 'string' },
    'step-seconds': { type: 'string' },
    pairs: { type: 'string' },
    'p3-rate': { type: 'string' },
    conversations: { type: 'string' },
    'p3-seconds': { type: 'string' },
    messages: { type: 'string' },
    'smoke-seconds': { type: 'string' },
    'bot-rate': { type: 'string' },
    'bot-seconds': { type: 'string' },
    'bot-people': { type: 'string' },
    'bot-concurrency': { type: 'string' },
    only: { type: 'string' },
    'no-artillery': { type: 'boolean', default: false },
    'no-pin': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'wait-quiet': { type: 'string' },
    priority: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  allowPositionals: false,
});
if (argv.help) {
  console.log(HELP);
  process.exit(0);
}
const quick = argv.quick;
const int = (name, fallback) => {
  const raw = argv[name];
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v <= 0) {
    console.error(`--${name} must be a positive number`);
    process.exit(2);
  }
  return v;
};
/** Figures `--only` can run alone: each with just the setup it needs. */
const ONLY_CHOICES = ['p2', 'p3', 'p4', 'p5', 'p6'];
const only = argv.only
  ? argv.only
      .toLowerCase()
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean)
  : null;
if (only && (only.length === 0 || only.some((f) => !ONLY_CHOICES.includes(f)))) {
  console.error(`--only takes a comma-separated list of: ${ONLY_CHOICES.join(', ')}`);
  process.exit(2);
}
if (only?.includes('p4') && !only.includes('p3')) {
  console.error('--only p4 measures pages during P3: use --only p3,p4');
  process.exit(2);
}
if (only?.includes('p3') && !only.includes('p2') && argv['p3-rate'] === undefined) {
  console.error('--only p3 without p2 needs --p3-rate (P3 otherwise runs at half the P2 capacity)');
  process.exit(2);
}
/** Whether this run measures `figure` (every figure unless --only narrows it). */
const runs = (figure) => !only || only.includes(figure);
/** The Artillery smoke and P1 need the whole setup: only a full list runs them. */
const allFigures = only === null;
if (argv.p1 && !allFigures) console.error('--p1 is ignored with --only (P1 needs the groups)');
const opts = {
  quick,
  rates: argv.rates
    ? argv.rates
        .split(',')
        .map(Number)
        .filter((r) => r > 0)
    : quick
      ? [100, 200, 400, 800, 1600, 3200]
      : [100, 200, 400, 800, 1200, 1600, 2000, 2400, 3200, 4000, 4800, 6400, 8000],
  stepSeconds: int('step-seconds', quick ? 5 : 15),
  pairs: Math.round(int('pairs', 3)),
  p3Rate: argv['p3-rate'] === undefined ? null : int('p3-rate', 50),
  conversations: Math.round(int('conversations', quick ? 20 : 50)),
  members: 10,
  p3Seconds: int('p3-seconds', quick ? 10 : 30),
  messages: Math.round(int('messages', quick ? 200_000 : 1_000_000)),
  smokeSeconds: int('smoke-seconds', quick ? 5 : 20),
  pageRate: 100,
  p1: argv.p1 && allFigures,
  profile: argv.profile,
  p1Sockets: Math.round(int('p1-sockets', 10_000)),
  p1Minutes: int('p1-minutes', 10),
  botRate: int('bot-rate', 50),
  botSeconds: int('bot-seconds', quick ? 8 : 20),
  botPeople: Math.round(int('bot-people', quick ? 100 : 200)),
  botConcurrency: Math.round(int('bot-concurrency', 32)),
  artillery: !argv['no-artillery'] && allFigures,
  drainMs: quick ? 5_000 : 10_000,
  waitQuietMinutes: argv['wait-quiet'] === undefined ? 0 : int('wait-quiet', 0),
};

// ---------------------------------------------------------------------------------------------
// Plumbing

const runStarted = Date.now();
const log = (line) => process.stderr.write(`[bench] ${line}\n`);
const timings = {};
const othersCpu = {};
/** Runs one phase, recording its duration and the CPU other processes used meanwhile. */
async function timed(name, fn) {
  const t0 = Date.now();
  const foreign = foreignMeter(process.pid);
  foreign.start();
  log(`${name}...`);
  try {
    return await fn();
  } finally {
    timings[name] = round((Date.now() - t0) / 1000, 1);
    const wall = (Date.now() - t0) / 1000;
    othersCpu[name] = wall >= 2 ? foreign.stop() : null;
  }
}

class HarnessError extends Error {}

const cleanups = [];
async function cleanup() {
  while (cleanups.length)
    await cleanups
      .pop()()
      .catch(() => {});
}
onShutdownSignal(cleanup);

const pinning = argv['no-pin'] ? { ok: false, reason: 'disabled with --no-pin' } : pinningSupport();
const pin = pinning.ok;
const SERVER_CORE = 1;
const LOAD_CORE = 0;

const work = mkdtempSync(join(tmpdir(), 'chat-bench-'));
cleanups.push(async () => {
  if (argv.keep) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
});

/** PostgreSQL (postmaster) and Redis processes we started, whose CPU each phase reports. */
let servicePids = {};

/** Runs a load script pinned to the load core; returns its JSON result. */
async function runLoad(script, config, { onLine } = {}) {
  const name = `${script.replace(/\W+/g, '-')}-${Date.now().toString(36)}`;
  const configFile = join(work, `${name}.config.json`);
  const out = join(work, `${name}.result.json`);
  writeFileSync(configFile, JSON.stringify({ rootPid: process.pid, servicePids, ...config, out }));
  const [cmd, args] = nodeCommand(join(benchDir, script), [configFile], LOAD_CORE, pin);
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
}

/**
 * The API's event-loop delay in ms (p50, p99, max) since the previous read of its /metrics,
 * which resets it: read once to start a window, once to end it. Null when not exposed.
 */
async function apiLoopDelay(metricsUrl) {
  try {
    const text = await (await fetch(metricsUrl)).text();
    const quantile = (q) => {
      const m = new RegExp(`^event_loop_delay_seconds\\{quantile="${q}"\\} (\\S+)$`, 'm').exec(
        text,
      );
      return m ? round(Number(m[1]) * 1000, 2) : null;
    };
    const delay = { p50: quantile('0.5'), p99: quantile('0.99'), max: quantile('1') };
    return delay.p99 === null ? null : delay;
  } catch {
    return null;
  }
}

/** Waits until a server process is quiet (< 15% of a core) so a phase starts from rest. */
async function settle(pid, maxMs = 30_000) {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const meter = cpuMeter(pid);
    meter.start();
    await sleep(1_000);
    const used = meter.stop();
    if (used === null || used < 0.15) return;
  }
  log(`server still busy after ${maxMs / 1000} s; going on`);
}

function machineBusy(sampleMs = 2_000) {
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
function navigatorCores() {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8').match(/^processor\s*:/gm).length;
  } catch {
    return 1;
  }
}

/** The repository's Prettier style for files we write (so `prettier --check .` stays clean). */
async function formatted(text, filepath) {
  try {
    const prettier = createRequire(join(repoRoot, 'package.json'))('prettier');
    const options = (await prettier.resolveConfig(filepath)) ?? {};
    return await prettier.format(text, { ...options, filepath });
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------------------------------------
// Preparation: Artillery, backend build, services, API

async function ensureArtillery() {
  const marker = join(benchDir, 'node_modules', 'artillery', 'package.json');
  if (existsSync(marker)) return readJson(marker).version;
  log('installing Artillery into artillery/node_modules (about 470 MB, once)...');
  const npm = process.env.npm_execpath
    ? [process.execPath, [process.env.npm_execpath]]
    : ['npm', []];
  const verb = existsSync(join(benchDir, 'package-lock.json')) ? 'ci' : 'install';
  const result = spawnSync(
    npm[0],
    [...npm[1], verb, '--prefix', benchDir, '--no-audit', '--no-fund', '--loglevel=error'],
    {
      cwd: benchDir,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
        ARTILLERY_DISABLE_TELEMETRY: 'true',
        npm_config_workspaces: 'false',
      },
    },
  );
  if (result.status !== 0 || !existsSync(marker)) {
    throw new HarnessError('installing Artillery failed (see above); or run with --no-artillery');
  }
  return readJson(marker).version;
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function buildBackendIfNeeded() {
  const main = join(repoRoot, 'backend', 'dist', 'main.js');
  const srcNewest = Math.max(
    newestMtime(join(repoRoot, 'backend', 'src')),
    statSync(join(repoRoot, 'backend', 'tsconfig.build.json')).mtimeMs,
  );
  if (existsSync(main) && statSync(main).mtimeMs >= srcNewest) return false;
  const tsc = join(repoRoot, 'node_modules', '.bin', 'tsc');
  const result = spawnSync(
    existsSync(tsc) ? tsc : 'npx',
    existsSync(tsc)
      ? ['-p', 'backend/tsconfig.build.json']
      : ['tsc', '-p', 'backend/tsconfig.build.json'],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (result.status !== 0) throw new HarnessError('building the backend failed (see above)');
  return true;
}

async function freshDatabase(serverUrl) {
  const name = `chat_bench_${Date.now().toString(36)}_${process.pid}`;
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.href });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: admin.href });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.href;
}

async function startServices() {
  let databaseUrl = process.env.DATABASE_URL;
  let redisUrl = process.env.REDIS_URL;
  const external = { postgres: Boolean(databaseUrl), redis: Boolean(redisUrl) };
  if (!databaseUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'chat-bench-pg-'));
    // A throwaway cluster, but set up like a small production server: the durability it keeps
    // (fsync and synchronous_commit on, PostgreSQL's defaults: a commit waits for its WAL flush,
    // as the ack promises) and the memory and checkpoint settings it is given.
    const server = await startPostgres({
      dir,
      ephemeral: false,
      flags: [
        ...productionSettings(BENCH_SHARED_BUFFERS),
        ...(opts.profile
          ? [
              '-c',
              'shared_preload_libraries=pg_stat_statements',
              '-c',
              'pg_stat_statements.track=all',
            ]
          : []),
      ],
    });
    cleanups.push(async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    databaseUrl = server.url('postgres');
  }
  databaseUrl = await freshDatabase(databaseUrl);
  if (opts.profile) await sql(databaseUrl, 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  if (!redisUrl) {
    const redis = await startRedis();
    cleanups.push(() => redis.stop());
    redisUrl = redis.url;
  }
  return { databaseUrl, redisUrl, external, settings: await postgresSettings(databaseUrl) };
}

/** Runs one statement on its own connection. */
async function sql(databaseUrl, text) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

/** --profile: the statements PostgreSQL spent its time on since the last reset. */
async function topStatements(databaseUrl) {
  const rows = await sql(
    databaseUrl,
    `SELECT regexp_replace(query, '\\s+', ' ', 'g') AS query, calls::int,
            round(total_exec_time::numeric, 1)::float AS "totalMs",
            round(mean_exec_time::numeric, 3)::float AS "meanMs",
            round(max_exec_time::numeric, 1)::float AS "maxMs", rows::int
       FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      ORDER BY total_exec_time DESC LIMIT 12`,
  );
  return rows.map((r) => ({ ...r, query: r.query.slice(0, 160) }));
}

/** --profile: self time of the API's CPU profile, by package and by function, busy time only. */
function summariseProfile() {
  const files = existsSync(profileDir)
    ? readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'))
    : [];
  if (files.length === 0) return null;
  const profile = JSON.parse(readFileSync(join(profileDir, files[0]), 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const idle = new Set(['(idle)', '(program)']);
  const byPackage = new Map();
  const byFunction = new Map();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id);
    if (idle.has(frame.functionName)) return;
    const us = profile.timeDeltas[i] ?? 0;
    busy += us;
    const url = frame.url ?? '';
    const pkg = url.includes('node_modules/')
      ? url
          .split('node_modules/')
          .at(-1)
          .split('/')
          .slice(0, url.includes('node_modules/@') ? 2 : 1)
          .join('/')
      : url.includes('/backend/dist/')
        ? `app: ${url.split('/backend/dist/')[1]}`
        : url
          ? 'node'
          : '(native)';
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    const fn = `${frame.functionName || '(anonymous)'} (${pkg})`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  });
  const top = (map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([name, us]) => ({ name, ms: round(us / 1000, 0), share: round(us / busy, 3) }));
  return { busyMs: round(busy / 1000, 0), byPackage: top(byPackage), byFunction: top(byFunction) };
}

/**
 * The settings a result depends on, as the server reports them (also an external one): what a
 * commit waits for, the buffer cache and the checkpoints.
 */
async function postgresSettings(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT name, current_setting(name) AS setting FROM unnest($1::text[]) AS name`,
      [
        [
          'fsync',
          'synchronous_commit',
          'full_page_writes',
          'wal_sync_method',
          'shared_buffers',
          'max_wal_size',
          'checkpoint_timeout',
          'wal_compression',
        ],
      ],
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  } finally {
    await client.end();
  }
}

const apiLog = { lines: 0, shown: 0 };
const API_NODE_OPTIONS = '--max-semi-space-size=32';
const profileDir = join(work, 'api-profile');
let profileTaken = false;
/** 48 random characters; one per run, so tokens survive the API restart before P1. */
const jwtSecret = randomBytes(36).toString('base64url');

async function startApi(services) {
  const port = await freePort();
  const metricsPort = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(port),
    METRICS_PORT: String(metricsPort),
    DATABASE_URL: services.databaseUrl,
    REDIS_URL: services.redisUrl,
    JWT_SECRET: jwtSecret,
    JWT_ACCESS_TTL_SECONDS: '86400',
    RATE_LIMIT_MESSAGES_PER_MINUTE: '1000000000',
    RATE_LIMIT_MESSAGES_PER_DAY: '1000000000',
    RATE_LIMIT_AUTH_PER_MINUTE: '1000000000',
    RATE_LIMIT_TYPING_PER_SECOND: '1000000',
    // P1 holds up to 10,000 sockets over the groups' 500 users.
    MAX_SOCKETS_PER_USER: '10000',
    // P6: replies the inline worker writes at once (the product's default unless
    // --bot-concurrency). Each sizebot reply streams for ~0.21 s, so 50 replies/s keep ~11 in
    // progress. BOT_MAX_IN_FLIGHT_PER_USER stays at its default: our people have one reply in
    // progress at a time.
    BOT_CONCURRENCY: String(opts.botConcurrency),
    // The V8 settings the API image runs with (deploy/api.Dockerfile); --profile adds a CPU
    // profile of the first API process, written when it exits.
    NODE_OPTIONS: [
      API_NODE_OPTIONS,
      ...(opts.profile && !profileTaken ? [`--cpu-prof --cpu-prof-dir=${profileDir}`] : []),
    ].join(' '),
  };
  profileTaken = opts.profile;
  const [cmd, args] = nodeCommand(
    join(repoRoot, 'backend', 'dist', 'main.js'),
    [],
    SERVER_CORE,
    pin,
  );
  const { child, exited, tail } = spawnChild(cmd, args, {
    env,
    onLine: (line) => {
      apiLog.lines += 1;
      if (apiLog.shown < 15) {
        apiLog.shown += 1;
        process.stderr.write(`[api] ${line.slice(0, 400)}\n`);
      }
    },
  });
  let exitCode = null;
  exited.then((code) => (exitCode = code));
  const stop = async () => {
    if (exitCode !== null) return;
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    if (exitCode === null) child.kill('SIGKILL');
  };
  cleanups.push(stop);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (exitCode !== null) {
      throw new HarnessError(
        `the API exited with code ${exitCode} at start:\n${tail.slice(-15).join('\n')}`,
      );
    }
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.ok) {
        const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
        return { url, metricsUrl, pid: child.pid, alive: () => exitCode === null, tail, stop };
      }
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new HarnessError(`the API did not become ready in 90 s:\n${tail.slice(-15).join('\n')}`);
}

async function startRelay() {
  const [cmd, args] = nodeCommand(join(benchDir, 'baseline', 'relay.mjs'), [], SERVER_CORE, pin);
  let resolvePort;
  const portPromise = new Promise((resolve) => (resolvePort = resolve));
  const { child, exited, tail } = spawnChild(cmd, args, {
    env: { ...process.env, PORT: '0' },
    onLine: (line) => {
      const m = /^RELAY_LISTENING (\d+)/.exec(line);
      if (m) resolvePort(Number(m[1]));
      else process.stderr.write(`[relay] ${line}\n`);
    },
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(5_000)]);
    child.kill('SIGKILL');
  };
  cleanups.push(stop);
  const port = await Promise.race([
    portPromise,
    exited.then((code) => {
      throw new HarnessError(`the relay exited with code ${code}:\n${tail.join('\n')}`);
    }),
    sleep(15_000).then(() => {
      throw new HarnessError('the relay did not start in 15 s');
    }),
  ]);
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop };
}

// ---------------------------------------------------------------------------------------------
// Data

async function http(base, method, path, body, token) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new HarnessError(`${method} ${path} -> ${res.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

const tag = `b${Date.now().toString(36)}`;
let userCounter = 0;
async function register(base) {
  userCounter += 1;
  const username = `${tag}_${userCounter}`;
  const session = await http(base, 'POST', '/api/v1/auth/register', {
    username,
    password: 'benchmark password 1',
  });
  return { userId: session.user.id, username, token: session.accessToken };
}

async function createGroups(base) {
  const users = await pool(Array.from({ length: opts.conversations * opts.members }), 4, () =>
    register(base),
  );
  const conversations = await pool(
    Array.from({ length: opts.conversations }, (_, i) => i),
    4,
    async (i) => {
      const members = users.slice(i * opts.members, (i + 1) * opts.members);
      const conversation = await http(
        base,
        'POST',
        '/api/v1/conversations',
        { type: 'group', title: `bench ${i}`, memberIds: members.slice(1).map((m) => m.userId) },
        members[0].token,
      );
      return { id: conversation.id, members };
    },
  );
  return { conversations };
}

/** P6: people, each with a direct conversation with sizebot (opened before their sockets). */
async function createBotPeople(base) {
  const people = await pool(Array.from({ length: opts.botPeople }), 4, () => register(base));
  const bots = await http(base, 'GET', '/api/v1/bots', null, people[0].token);
  const bot = bots.find((b) => b.username === 'sizebot');
  if (!bot) {
    throw new HarnessError(
      `the API offers no sizebot (GET /api/v1/bots: ${bots.map((b) => b.username).join(', ') || 'none'}); is BOTS set?`,
    );
  }
  await pool(people, 4, async (person) => {
    const conversation = await http(
      base,
      'POST',
      '/api/v1/conversations',
      { type: 'direct', userId: bot.id },
      person.token,
    );
    person.conversationId = conversation.id;
  });
  return { bot: { id: bot.id, username: bot.username }, people };
}

async function seedBigConversation(base, databaseUrl) {
  const [a, b] = [await register(base), await register(base)];
  const conversation = await http(
    base,
    'POST',
    '/api/v1/conversations',
    { type: 'direct', userId: b.userId },
    a.token,
  );
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // A seed is not a send: its delivery outbox rows go in the same transaction, or the API's
    // relay would announce every seeded message during the measurements.
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO messages (conversation_id, seq, sender_id, body, client_message_id)
       SELECT $1, s, CASE WHEN s % 2 = 0 THEN $2::uuid ELSE $3::uuid END,
              'message number ' || s || ' of the big conversation', 'seed-' || s
         FROM generate_series(1, $4::int) s`,
      [conversation.id, a.userId, b.userId, opts.messages],
    );
    await client.query(`DELETE FROM message_delivery_outbox WHERE conversation_id = $1`, [
      conversation.id,
    ]);
    await client.query(`UPDATE conversations SET last_seq = $2 WHERE id = $1`, [
      conversation.id,
      opts.messages,
    ]);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  return { conversationId: conversation.id, token: a.token };
}

/**
 * After seeding and registering: vacuum and analyze every table and write dirty pages out, so
 * neither autovacuum (1M fresh messages, hundreds of new users and members) nor a checkpoint
 * wakes up in the middle of a measurement.
 */
async function quiesceDatabase(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE');
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Phases

function fanoutConfig(target, url, serverPid, setupFile, extra) {
  return {
    target,
    url,
    setupFile,
    serverPid,
    drainMs: opts.drainMs,
    ackTimeoutMs: 10_000,
    warmupSeconds: quick ? 3 : 5,
    p99LimitMs: 100,
    maxErrorRate: 0.00025,
    tag: `${tag}-${target}-${Date.now().toString(36)}`,
    ...extra,
  };
}

/**
 * P6: registers --bot-people people, each with a direct conversation with sizebot, then asks
 * --bot-rate questions/s for --bot-seconds, open loop. The database is vacuumed first again:
 * after P2 and P3 it holds many fresh rows, and autovacuum must not wake up during P6.
 */
async function measureBots(api, services) {
  const setup = await timed(
    `register ${opts.botPeople} people, each with a conversation with sizebot`,
    () => createBotPeople(api.url),
  );
  const setupFile = join(work, 'bots-setup.json');
  writeFileSync(setupFile, JSON.stringify(setup));
  await timed('vacuum, analyze and checkpoint before P6', () =>
    quiesceDatabase(services.databaseUrl),
  );
  await settle(api.pid);
  const run = await timed(`P6 at ${opts.botRate} questions/s to sizebot`, () =>
    runLoad('load/bots.mjs', {
      url: api.url,
      metricsUrl: api.metricsUrl,
      setupFile,
      serverPid: api.pid,
      rate: opts.botRate,
      seconds: opts.botSeconds,
      warmupSeconds: quick ? 2 : 3,
      drainMs: 15_000,
      ackTimeoutMs: 10_000,
      replyTimeoutMs: 15_000,
      p99LimitMs: 50,
      tag: `${tag}-bots-${Date.now().toString(36)}`,
    }),
  );
  if (!api.alive()) throw new HarnessError('the API died during P6');
  return {
    run,
    rate: opts.botRate,
    seconds: opts.botSeconds,
    people: opts.botPeople,
    botConcurrency: opts.botConcurrency,
  };
}

async function runArtillery(name, url) {
  const report = join(work, `artillery-${name}.json`);
  const logFile = join(work, `artillery-${name}.log`);
  const bin = join(benchDir, 'node_modules', 'artillery', 'bin', 'run');
  const overrides = {
    config: { phases: [{ name: 'smoke', duration: opts.smokeSeconds, arrivalRate: 2 }] },
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
  const [cmd, cmdArgs] = pin
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

async function verifyDatabase(databaseUrl, ackedFiles, conversationIds, duplicateDeliveries) {
  const rows = ackedFiles
    .filter((f) => existsSync(f))
    .flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean))
    .map((line) => line.split(','));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let found = 0;
    let distinct = 0;
    let matching = 0;
    for (let i = 0; i < rows.length; i += 20_000) {
      const batch = rows.slice(i, i + 20_000);
      const {
        rows: [r],
      } = await client.query(
        `SELECT count(*)::int AS found,
                count(DISTINCT (m.sender_id, m.client_message_id))::int AS distinct_found,
                count(*) FILTER (WHERE m.conversation_id = a.c AND m.seq = a.q)::int AS matching
           FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::bigint[]) AS a(s, cmid, c, q)
           JOIN messages m ON m.sender_id = a.s AND m.client_message_id = a.cmid`,
        [
          batch.map((x) => x[0]),
          batch.map((x) => x[1]),
          batch.map((x) => x[2]),
          batch.map((x) => x[3]),
        ],
      );
      found += r.found;
      distinct += r.distinct_found;
      matching += r.matching;
    }
    const { rows: convs } = await client.query(
      `SELECT c.id, c.last_seq::bigint AS last_seq, count(m.seq)::bigint AS n,
              count(DISTINCT m.seq)::bigint AS d, coalesce(min(m.seq), 0)::bigint AS lo,
              coalesce(max(m.seq), 0)::bigint AS hi
         FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id
        WHERE c.id = ANY($1::uuid[]) GROUP BY c.id`,
      [conversationIds],
    );
    const bad = convs.filter(
      (c) =>
        !(
          c.n === c.d &&
          c.n === c.last_seq &&
          c.hi === c.last_seq &&
          (c.n === '0' || c.lo === '1')
        ),
    );
    const {
      rows: [stored],
    } = await client.query(
      `SELECT count(*)::int AS n FROM messages WHERE conversation_id = ANY($1::uuid[]) AND client_message_id LIKE $2`,
      [conversationIds, `${tag}-api-%`],
    );
    return {
      acked: rows.length,
      found: distinct,
      lost: rows.length - distinct,
      duplicated: found - distinct,
      seqMismatches: distinct - matching,
      conversationsChecked: convs.length,
      badConversations: bad.length,
      duplicateDeliveries,
      storedWithoutAck: stored.n - distinct,
    };
  } finally {
    await client.end();
  }
}

/**
 * P2 as ABAB: `--pairs` pairs of step ladders, the API's then the relay's, so that a noisy
 * stretch of a shared machine lands on one round, not on one side. The first pair climbs the
 * whole ladder; later pairs start two steps below the first pair's capacity of that server
 * (the steps under it passed already), so a pair costs a few steps, not the whole ladder.
 */
async function measureP2(api, relay, setupFile, ackedFiles) {
  const rounds = [];
  const ladders = { api: opts.rates, relay: opts.rates };
  for (let pair = 1; pair <= opts.pairs; pair += 1) {
    const round = {};
    for (const [target, server] of [
      ['api', api],
      ['relay', relay],
    ]) {
      const ackedOut = target === 'api' ? join(work, `acked-p2-${pair}.csv`) : undefined;
      if (ackedOut) ackedFiles.push(ackedOut);
      await settle(server.pid);
      round[target] = await timed(
        `P2 pair ${pair}/${opts.pairs}: steps against the ${target}`,
        () =>
          runLoad(
            'load/fanout.mjs',
            fanoutConfig(target, server.url, server.pid, setupFile, {
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
      for (const target of ['api', 'relay']) {
        const index = opts.rates.indexOf(capacity(round[target].steps));
        ladders[target] = opts.rates.slice(Math.max(0, index - 2));
      }
    }
  }
  return { pairs: opts.pairs, rounds, lowestRate: opts.rates[0] };
}

/**
 * P4 (idle, then during P3), P5, P2 and P3 against the API and the relay, the Artillery smoke
 * scenarios and P7, into `m`, as far as `--only` asks for them; they share one setup (the big
 * conversation, the groups), which it returns for P1.
 */
async function measureMessaging(api, services, m) {
  const big =
    runs('p4') || runs('p5')
      ? await timed(`seed a ${opts.messages.toLocaleString('en')}-message conversation`, () =>
          seedBigConversation(api.url, services.databaseUrl),
        )
      : null;
  const setup =
    runs('p2') || runs('p3')
      ? await timed(
          `register ${opts.conversations * opts.members} users in ${opts.conversations} groups of ${opts.members}`,
          () => createGroups(api.url),
        )
      : null;
  await timed('vacuum, analyze and checkpoint', () => quiesceDatabase(services.databaseUrl));
  const setupFile = join(work, 'setup.json');
  if (setup) writeFileSync(setupFile, JSON.stringify(setup));
  const pageConfig = big && {
    url: api.url,
    token: big.token,
    conversationId: big.conversationId,
    databaseUrl: services.databaseUrl,
    serverPid: api.pid,
    rate: opts.pageRate,
    expectedLastSeq: opts.messages,
  };

  if (runs('p4')) {
    m.p4 = { messages: opts.messages };
    await settle(api.pid);
    m.p4.idle = await timed('P4 idle reference (no other load)', () =>
      runLoad('load/page.mjs', { ...pageConfig, seconds: quick ? 3 : 5, label: 'idle' }),
    );
  }

  // P5: search over the same conversation, on a quiet server.
  if (runs('p5')) {
    await settle(api.pid);
    m.p5 = await timed('P5 full-text search', () =>
      runLoad('load/search.mjs', {
        url: api.url,
        token: big.token,
        serverPid: api.pid,
        rate: SEARCH_RATE,
        seconds: quick ? 5 : 20,
        messages: opts.messages,
      }),
    );
  }
  if (!setup) return null;

  const relay = await startRelay();
  const ackedFiles = [];
  const apiRuns = [];
  if (runs('p2')) {
    m.p2 = await measureP2(api, relay, setupFile, ackedFiles);
    apiRuns.push(...m.p2.rounds.map((r) => r.api));
  }

  if (runs('p3')) {
    // P3 (+ P4 during it) at half the API's P2 capacity (the median of the pairs).
    const apiCapacity = m.p2 ? median(m.p2.rounds.map((r) => capacity(r.api.steps))) : 0;
    m.p3 = {
      rate: opts.p3Rate ?? Math.max(25, Math.round((apiCapacity || opts.rates[0]) / 2)),
    };
    if (!opts.p3Rate && !apiCapacity)
      m.p3.rateNote = `no P2 step passed: P3 ran at half the lowest step (${m.p3.rate} msg/s)`;
    const ackedP3 = join(work, 'acked-p3.csv');
    ackedFiles.push(ackedP3);
    await settle(api.pid);
    if (opts.profile) await sql(services.databaseUrl, 'SELECT pg_stat_statements_reset()');
    await timed(
      `P3 at ${m.p3.rate} msg/s against the API${runs('p4') ? ', P4 during it' : ''}`,
      async () => {
        let pagePromise = null;
        let loopWindow = null;
        const fanout = runLoad(
          'load/fanout.mjs',
          fanoutConfig('api', api.url, api.pid, setupFile, {
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
              if (runs('p4')) {
                pagePromise = sleep(1_000).then(() =>
                  runLoad('load/page.mjs', {
                    ...pageConfig,
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
        if (runs('p4')) {
          if (!pagePromise) throw new HarnessError('P4 did not start');
          m.p4.load = await pagePromise;
        }
      },
    );
    apiRuns.push(m.p3.apiRun);
    if (opts.profile) m.p3.statements = await topStatements(services.databaseUrl);
    if (!api.alive()) throw new HarnessError('the API died during P3');
    await settle(relay.pid);
    m.p3.relay = (
      await timed(`P3 at ${m.p3.rate} msg/s against the relay`, () =>
        runLoad(
          'load/fanout.mjs',
          fanoutConfig('relay', relay.url, relay.pid, setupFile, {
            mode: 'fixed',
            fixedRate: m.p3.rate,
            fixedSeconds: opts.p3Seconds,
          }),
        ),
      )
    ).fixed;
  }
  await relay.stop();

  // Artillery smoke scenarios against the same API.
  if (allFigures) {
    m.artillery = {};
    if (opts.artillery) {
      await settle(api.pid);
      m.artillery.rest = await timed('Artillery rest-smoke', () =>
        runArtillery('rest-smoke', api.url),
      );
      m.artillery.socket = await timed('Artillery socket-send', () =>
        runArtillery('socket-send', api.url),
      );
    } else {
      m.artillery.rest = { skipped: 'skipped (--no-artillery)' };
      m.artillery.socket = { skipped: 'skipped (--no-artillery)' };
    }
    if (!api.alive()) throw new HarnessError('the API died during the Artillery smoke');
  }

  // P7: every acked message is in the database, once, with the acked seq.
  const duplicateDeliveries = apiRuns.reduce((n, r) => n + r.seqCheck.duplicateDeliveries, 0);
  m.p7 = await timed('P7 database check', () =>
    verifyDatabase(
      services.databaseUrl,
      ackedFiles,
      setup.conversations.map((c) => c.id),
      duplicateDeliveries,
    ),
  );
  m.p7.missingDeliveries = apiRuns.reduce((n, r) => n + r.seqCheck.missingDeliveries, 0);
  return setup;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const m = {
    fanout: opts.members,
    stepSeconds: opts.stepSeconds,
  };
  if (opts.waitQuietMinutes > 0) {
    const deadline = Date.now() + opts.waitQuietMinutes * 60_000;
    let quietFor = 0;
    log(`waiting up to ${opts.waitQuietMinutes} min for a quiet machine...`);
    while (Date.now() < deadline && quietFor < 30) {
      const busy = machineBusy(5_000);
      quietFor = busy !== null && busy < 0.3 ? quietFor + 5 : 0;
    }
    log(quietFor >= 30 ? 'the machine is quiet' : 'the machine stayed busy; running anyway');
  }
  let priority = null;
  if (argv.priority) {
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
          cleanups.unshift(async () => writeFileSync('/proc/self/autogroup', before));
        } catch {
          // not permitted: the per-process nice still applies within the session
        }
      }
    } catch (error) {
      log(
        `--priority: cannot raise the priority (${error.code ?? error.message}); running at normal priority`,
      );
    }
  }
  const busyBefore = machineBusy();
  const loadBefore = loadavg()[0];
  log(
    `mode ${quick ? 'quick' : 'full'}; pinning: ${pin ? `API/relay on CPU ${SERVER_CORE}, load generators on CPU ${LOAD_CORE} (PostgreSQL and Redis are not pinned)` : `unavailable (${pinning.reason})`}`,
  );
  log(
    `machine before the run: ${busyBefore ?? '?'} cores busy, load average ${loadBefore.toFixed(2)}`,
  );

  const artilleryVersion = opts.artillery
    ? await timed('artillery install check', ensureArtillery)
    : null;
  const built = await timed('backend build check', async () => buildBackendIfNeeded());
  if (built) log('backend built');

  const services = await timed('start PostgreSQL and Redis', startServices);
  const [postmaster] = findDescendants(process.pid, /^postgres$/);
  const [redisPid] = findDescendants(process.pid, /^redis-server$/);
  servicePids = {
    ...(postmaster ? { postgres: postmaster } : {}),
    ...(redisPid ? { redis: redisPid } : {}),
  };
  const api = await timed('start the API', () => startApi(services));
  log(`API ready at ${api.url} (pid ${api.pid})`);

  const setup = ['p2', 'p3', 'p4', 'p5'].some(runs)
    ? await measureMessaging(api, services, m)
    : null;
  if (runs('p6')) m.p6 = await measureBots(api, services);

  // P1 (optional): many sockets held for minutes, API vs relay memory per socket.
  if (opts.p1) {
    const identities = setup.conversations.flatMap((c) =>
      c.members.map((u) => ({ token: u.token })),
    );
    const relayIdentities = setup.conversations.flatMap((c) =>
      c.members.map((u) => ({ conversationId: c.id, userId: u.userId, username: u.username })),
    );
    const ramp = 250;
    // A fresh API process, like the fresh relay below: memory per socket is then compared
    // between two processes that have done nothing else.
    await api.stop();
    const api2 = await timed('restart the API for P1', () => startApi(services));
    await settle(api2.pid);
    const apiHold = await timed(
      `P1: ${opts.p1Sockets} sockets held ${opts.p1Minutes} min on the API`,
      () =>
        runLoad('load/hold.mjs', {
          target: 'api',
          url: api2.url,
          sockets: opts.p1Sockets,
          identities,
          holdSeconds: opts.p1Minutes * 60,
          rampPerSecond: ramp,
          settleSeconds: 10,
          serverPid: api2.pid,
        }),
    );
    if (!api2.alive()) throw new HarnessError('the API died during P1');
    const relay2 = await startRelay();
    const relayHold = await timed(`P1: ${opts.p1Sockets} sockets on the relay`, () =>
      runLoad('load/hold.mjs', {
        target: 'relay',
        url: relay2.url,
        sockets: opts.p1Sockets,
        identities: relayIdentities,
        holdSeconds: Math.min(60, opts.p1Minutes * 60),
        rampPerSecond: ramp,
        settleSeconds: 10,
        serverPid: relay2.pid,
      }),
    );
    await relay2.stop();
    m.p1 = { api: apiHold, relay: relayHold, sockets: opts.p1Sockets, minutes: opts.p1Minutes };
  }

  if (opts.profile) {
    // The profile is written when the process exits.
    await api.stop();
    m.profile = summariseProfile();
  }

  const busyAfter = loadavg()[0];
  const figures = [
    allFigures && p1Figure(m),
    m.p2 && p2Figure(m),
    m.p3 && p3Figure(m),
    m.p4 && p4Figure(m),
    m.p5 && p5Figure(m),
    m.p6 && p6Figure(m),
    m.p7 && p7Figure(m),
    m.artillery && artilleryFigure('rest-smoke', m.artillery.rest, 'http.response_time'),
    m.artillery && artilleryFigure('socket-send', m.artillery.socket, 'socketio.response_time'),
  ].filter(Boolean);

  const disturbedPhases = Object.entries(othersCpu)
    .filter(([name, cores]) => /^P\d/.test(name) && (cores ?? 0) > 0.25)
    .map(([name, cores]) => `${name} (${cores} cores)`);
  const indicative = (busyBefore ?? 0) > 0.3 || disturbedPhases.length > 0;
  const commit =
    spawnSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: repoRoot,
      encoding: 'utf8',
    }).stdout?.trim() || null;
  const meta = {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    only,
    commit,
    node: process.version,
    socketIo: backendRequire('socket.io/package.json').version,
    socketIoClient: backendRequire('socket.io-client/package.json').version,
    artillery: artilleryVersion,
    cpus: navigatorCores(),
    pinning: pin
      ? `API and relay on CPU ${SERVER_CORE}; load generators and Artillery on CPU ${LOAD_CORE}; PostgreSQL and Redis unpinned`
      : `unavailable: ${pinning.reason}`,
    postgres: `${services.external.postgres ? 'DATABASE_URL (fresh database)' : 'embedded, throwaway cluster'}, ${Object.entries(
      services.settings,
    )
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
    postgresSettings: services.settings,
    redis: services.external.redis ? 'REDIS_URL' : 'spawned redis-server',
    priority: priority ?? 'normal',
    machineBusyBeforeCores: busyBefore,
    loadAverageBefore: round(loadBefore, 2),
    loadAverageAfter: round(busyAfter, 2),
    indicative,
    conversations: opts.conversations,
    fanout: opts.members,
    stepSeconds: opts.stepSeconds,
    p3Seconds: opts.p3Seconds,
    botRate: opts.botRate,
    botSeconds: opts.botSeconds,
    botPeople: opts.botPeople,
    botConcurrency: opts.botConcurrency,
    apiLogLines: apiLog.lines,
    timingsSeconds: { ...timings, total: round((Date.now() - runStarted) / 1000, 1) },
    otherProcessesCpuByPhase: othersCpu,
  };

  const notes = [];
  if ((busyBefore ?? 0) > 0.3)
    notes.push(
      `The machine was busy before the run (${busyBefore} of ${meta.cpus} cores in use by other processes): figures are indicative.`,
    );
  if (disturbedPhases.length)
    notes.push(
      `Other processes on this shared machine used CPU during ${disturbedPhases.join(', ')}: figures are indicative.`,
    );
  if (!pin) notes.push(`CPU pinning unavailable: ${pinning.reason}.`);
  if (apiLog.lines > 0)
    notes.push(`The API logged ${apiLog.lines} warning/error lines during the run.`);
  if (only) notes.push(`Only ${only.join(', ')} measured (--only).`);
  if (m.p3?.apiLoopDelayMs) {
    const d = m.p3.apiLoopDelayMs;
    notes.push(
      `The API's event-loop delay during P3${m.p4 ? ' (and P4)' : ''} (from its /metrics), p50 / p99 / max: ${d.p50} / ${d.p99} / ${d.max} ms.`,
    );
  }
  const setupLine = [
    setup &&
      `${opts.conversations} groups of ${opts.members} registered users (one socket each), ${opts.stepSeconds} s steps.`,
    m.p2 &&
      `P2: ${opts.pairs} ABAB pairs (API ladder, then relay ladder), figure = median of each side.`,
    m.p6 &&
      `P6: ${opts.botPeople} people, each in a direct conversation with sizebot, BOT_CONCURRENCY ${opts.botConcurrency}.`,
  ]
    .filter(Boolean)
    .join(' ');
  const md = [
    `# Benchmark ${meta.mode === 'quick' ? '(quick) ' : ''}${only ? `(only ${only.join(', ')}) ` : ''}${meta.date.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `commit ${meta.commit ?? '?'}, Node ${meta.node}, socket.io ${meta.socketIo}, ${meta.cpus} CPUs; ${meta.pinning}; ` +
      `${meta.priority === 'normal' ? '' : `all benchmark processes at ${meta.priority}; `}PostgreSQL ${meta.postgres}. ` +
      `${setupLine} Total ${meta.timingsSeconds.total} s.`,
    '',
    markdownTable(figures),
    '',
    ...(notes.length ? [notes.map((n) => `- ${n}`).join('\n'), ''] : []),
    ...(m.p2
      ? [
          '### P2 pairs (ABAB)',
          '',
          pairsTable(m.p2.rounds),
          '',
          '### P2 steps',
          '',
          ...m.p2.rounds.flatMap((r, i) => [
            stepsTable(`API (pair ${i + 1})`, r.api.steps),
            '',
            stepsTable(`relay (pair ${i + 1})`, r.relay.steps),
            '',
          ]),
        ]
      : []),
    ...(m.p6 ? ['### P6 (sizebot): where the time goes', '', p6Table(m.p6.run.fixed), ''] : []),
    ...profileSection(m),
  ].join('\n');

  const results = { meta, figures };
  Object.assign(results, messagingResults(m));
  if (m.profile || m.p3?.statements) {
    results.profile = { api: m.profile ?? null, statements: m.p3?.statements ?? null };
  }
  if (m.p6) results.p6 = m.p6.run;
  const resultsDir = join(benchDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  // A partial run never overwrites the full results (git ignores its files).
  const base = `${quick ? 'latest-quick' : 'latest'}${only ? `-only-${only.join('-')}` : ''}`;
  const jsonFile = join(resultsDir, `${base}.json`);
  const mdFile = join(resultsDir, `${base}.md`);
  writeFileSync(jsonFile, await formatted(`${JSON.stringify(results, null, 2)}\n`, jsonFile));
  const mdText = await formatted(`${md}\n`, mdFile);
  writeFileSync(mdFile, mdText);
  for (const f of figures) console.log(JSON.stringify(f));
  console.log('');
  process.stdout.write(mdText);
  log(`results written to artillery/results/${base}.json and ${base}.md`);

  const p7 = figures.find((f) => f.figure === 'P7');
  return p7 && !p7.pass ? 3 : 0;
}

/** --profile: where the time went, as tables. */
function profileSection(m) {
  const lines = [];
  if (m.p3?.statements) {
    lines.push(
      '### Profile: PostgreSQL statements during P3 and P4 (pg_stat_statements, by total time)',
      '',
      '| statement | calls | total ms | mean ms | max ms | rows |',
      '| --- | --- | --- | --- | --- | --- |',
      ...m.p3.statements.map(
        (s) =>
          `| \`${s.query.replaceAll('|', '\\|').replaceAll('`', "'")}\` | ${s.calls} | ${s.totalMs} | ${s.meanMs} | ${s.maxMs} | ${s.rows} |`,
      ),
      '',
    );
  }
  if (m.profile) {
    lines.push(
      `### Profile: the API's CPU (V8 profile of the first API process, whole run; ${m.profile.busyMs} ms busy)`,
      '',
      '| package | self ms | share of busy |',
      '| --- | --- | --- |',
      ...m.profile.byPackage.map((r) => `| ${r.name} | ${r.ms} | ${r.share} |`),
      '',
      '| function | self ms | share of busy |',
      '| --- | --- | --- |',
      ...m.profile.byFunction.map(
        (r) => `| ${r.name.replaceAll('|', '\\|')} | ${r.ms} | ${r.share} |`,
      ),
      '',
    );
  }
  return lines;
}

/** The P2, P3, P4 and Artillery parts of results/latest.json (those that ran). */
function messagingResults(m) {
  return {
    p2: m.p2 && {
      pairs: m.p2.rounds.map((r) => ({
        api: r.api.steps.map(compactStep),
        relay: r.relay.steps.map(compactStep),
        apiSeqCheck: r.api.seqCheck,
        relaySeqCheck: r.relay.seqCheck,
      })),
    },
    p3: m.p3 && {
      rate: m.p3.rate,
      api: { ...compactStep(m.p3.api), maxMsBySecond: m.p3.api.maxBySecond },
      relay: { ...compactStep(m.p3.relay), maxMsBySecond: m.p3.relay.maxBySecond },
      apiSeqCheck: m.p3.apiRun.seqCheck,
    },
    p4: m.p4,
    artillery: m.artillery,
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
  await cleanup();
}
process.exit(exitCode);
