import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';

import type { Client as PgClient } from 'pg';

/**
 * An API process of its own, on a database created for it on the run's PostgreSQL: who
 * registers first there is known (the bootstrap admin), and its registration mode can change
 * without touching the server the other specs register on. Its Redis is a database index of
 * its own on the run's Redis, so its job queues are its own too.
 */
export interface OwnServer {
  readonly baseURL: string;
  stop(): Promise<void>;
}

const root = join(__dirname, '..', '..');
/** The backend's PostgreSQL client, resolved from the backend's package (the web app has none). */
const { Client } = createRequire(join(root, 'backend', 'package.json'))(
  'pg',
) as typeof import('pg');

/** `env` adds to (or overrides) the API's environment, e.g. `SMTP_URL` for a test mail server. */
export async function startOwnServer(
  prefix: string,
  env: Readonly<Record<string, string>> = {},
): Promise<OwnServer> {
  if (!process.env['DATABASE_URL'] || !process.env['REDIS_URL']) {
    throw new Error(
      'an own server needs DATABASE_URL and REDIS_URL: run through with-services.mjs',
    );
  }
  const name = `chat_e2e_${prefix}_${Date.now().toString(36)}_${process.pid}`;
  const admin = new URL(process.env['DATABASE_URL']);
  await withClient(admin.href, (db) => db.query(`CREATE DATABASE "${name}"`));
  const database = new URL(admin.href);
  database.pathname = `/${name}`;
  const redis = new URL(process.env['REDIS_URL']);
  redis.pathname = '/7';

  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const api = spawn(process.execPath, [join(root, 'backend/dist/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: database.href,
      REDIS_URL: redis.href,
      PORT: String(port),
      METRICS_PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_AUTH_PER_MINUTE: '1000',
      RATE_LIMIT_REQUESTS_PER_MINUTE_PER_IP: '1000000',
      REGISTRATION_MODE: 'open',
      // The links in account mail start with it.
      PUBLIC_URL: baseURL,
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const stop = async () => {
    await exit(api);
    await withClient(admin.href, (db) =>
      db.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    );
  };
  if (!(await ready(baseURL, api))) {
    await stop();
    throw new Error(`the own API on ${baseURL} did not become ready`);
  }
  return { baseURL, stop };
}

async function withClient(url: string, work: (db: PgClient) => Promise<unknown>): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await work(db);
  } finally {
    await db.end();
  }
}

async function ready(baseURL: string, api: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && api.exitCode === null) {
    try {
      if ((await fetch(`${baseURL}/health/ready`)).ok) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

function exit(api: ChildProcess): Promise<void> {
  if (api.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    api.once('exit', () => resolve());
    api.kill('SIGTERM');
  });
}

/**
 * Playwright loads these files as CommonJS, so they cannot import the ES-module services helper
 * (scripts/lib/services.mjs) that the other scripts and the backend tests share.
 */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
