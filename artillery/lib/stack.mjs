// The stack under test: Artillery's install, the backend build, PostgreSQL and Redis (embedded
// or configured, with a fresh database), the API process and the bare relay baseline.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  backendRequire,
  freePort,
  freshDatabase,
  productionSettings,
  startPostgres,
  startRedis,
  waitUntilReady,
} from '../../scripts/lib/services.mjs';
import { sampleValue } from '../../scripts/lib/prometheus-text.mjs';
import { HarnessError, log, SERVER_CORE } from './harness.mjs';
import { benchDir, nodeCommand, readJson, repoRoot, round, sleep, spawnChild } from './util.mjs';

const pg = backendRequire('pg');

/**
 * The embedded server's buffer cache: the hot part of the 1,000,000-message table and its
 * indexes fits, as on a production server (a quarter of its memory is the usual advice).
 */
const BENCH_SHARED_BUFFERS = '1GB';

export async function ensureArtillery() {
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
    else if (/\.(ts|sql)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export function buildBackendIfNeeded() {
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
  // What `npm run build -w backend` does after tsc: the SQL files the migrations load.
  const copy = spawnSync(process.execPath, ['scripts/copy-sql.mjs'], {
    cwd: join(repoRoot, 'backend'),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (copy.status !== 0) throw new HarnessError('copying the SQL files failed (see above)');
  return true;
}

/**
 * PostgreSQL and Redis: the configured ones (DATABASE_URL, REDIS_URL) or throwaway ones, and a
 * fresh database on that PostgreSQL, dropped at the end.
 */
export async function startServices(h) {
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
        ...(h.opts.profile
          ? [
              '-c',
              'shared_preload_libraries=pg_stat_statements',
              '-c',
              'pg_stat_statements.track=all',
            ]
          : []),
      ],
    });
    h.cleanups.push(async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    databaseUrl = server.url('postgres');
  }
  const database = await freshDatabase(databaseUrl, 'chat_bench');
  h.cleanups.push(database.drop);
  databaseUrl = database.url;
  if (h.opts.profile) await sql(databaseUrl, 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  if (!redisUrl) {
    const redis = await startRedis();
    h.cleanups.push(() => redis.stop());
    redisUrl = redis.url;
  }
  return { databaseUrl, redisUrl, external, settings: await postgresSettings(databaseUrl) };
}

/** Runs one statement on its own connection. */
export async function sql(databaseUrl, text) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
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

const API_NODE_OPTIONS = '--max-semi-space-size=32';
/** Warning and error lines the API processes logged (the first 15 are shown). */
export const apiLog = { lines: 0, shown: 0 };
/** 48 random characters; one per run, so tokens survive the API restart before P1. */
const jwtSecret = randomBytes(36).toString('base64url');
let profileTaken = false;

/** --profile: where the first API process writes its V8 CPU profile when it exits. */
export const profileDir = (h) => join(h.work, 'api-profile');

/**
 * Starts an API process on the server core and waits until it is ready. `port` and
 * `metricsPort` (default: free ones) let a restarted process take its predecessor's place;
 * `env` adds to or overrides the settings below (the soak's worker mode and model).
 * `readyTimeoutMs`: how long it may take to become ready.
 */
export async function startApi(
  h,
  services,
  { port, metricsPort, env: extra = {}, readyTimeoutMs = 90_000 } = {},
) {
  const { opts } = h;
  port ??= await freePort();
  metricsPort ??= await freePort();
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
    RATE_LIMIT_REQUESTS_PER_MINUTE: '1000000000',
    RATE_LIMIT_REQUESTS_PER_MINUTE_PER_IP: '1000000000',
    RATE_LIMIT_RECEIPTS_PER_MINUTE: '1000000000',
    RATE_LIMIT_TYPING_PER_SECOND: '1000000',
    // P10's visitors all come from this machine's address.
    RATE_LIMIT_GUEST_SESSIONS_PER_HOUR: '1000000000',
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
      ...(opts.profile && !profileTaken ? [`--cpu-prof --cpu-prof-dir=${profileDir(h)}`] : []),
    ].join(' '),
    ...extra,
  };
  profileTaken = opts.profile;
  const [cmd, args] = nodeCommand(
    join(repoRoot, 'backend', 'dist', 'main.js'),
    [],
    SERVER_CORE,
    h.pin,
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
  h.cleanups.push(stop);
  const url = `http://127.0.0.1:${port}`;
  const alive = () => exitCode === null;
  if (await waitUntilReady(url, { timeoutMs: readyTimeoutMs, alive })) {
    const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    return { url, port, metricsPort, metricsUrl, pid: child.pid, alive, exited, tail, stop };
  }
  if (!alive()) {
    throw new HarnessError(
      `the API exited with code ${exitCode} at start:\n${tail.slice(-15).join('\n')}`,
    );
  }
  throw new HarnessError(
    `the API did not become ready in ${readyTimeoutMs / 1000} s:\n${tail.slice(-15).join('\n')}`,
  );
}

/**
 * Starts the bare Socket.IO relay (the baseline) on the server core; with `databaseUrl`, the
 * durable relay (P9), which group-commits each message into that database before it is seen.
 */
export async function startRelay(h, databaseUrl) {
  const [cmd, args] = nodeCommand(join(benchDir, 'baseline', 'relay.mjs'), [], SERVER_CORE, h.pin);
  let resolvePort;
  const portPromise = new Promise((resolve) => (resolvePort = resolve));
  const { child, exited, tail } = spawnChild(cmd, args, {
    env: {
      ...process.env,
      PORT: '0',
      ...(databaseUrl ? { DURABLE_DATABASE_URL: databaseUrl } : {}),
    },
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
  h.cleanups.push(stop);
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

/**
 * The API's event-loop delay in ms (p50, p99, max) since the previous read of its /metrics,
 * which resets it: read once to start a window, once to end it. Null when not exposed.
 */
export async function apiLoopDelay(metricsUrl) {
  try {
    const text = await (await fetch(metricsUrl)).text();
    const quantile = (q) => {
      const seconds = sampleValue(text, 'event_loop_delay_seconds', `quantile="${q}"`);
      return seconds === null ? null : round(seconds * 1000, 2);
    };
    const delay = { p50: quantile('0.5'), p99: quantile('0.99'), max: quantile('1') };
    return delay.p99 === null ? null : delay;
  } catch {
    return null;
  }
}
