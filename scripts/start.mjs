#!/usr/bin/env node
// `npm start`: builds what is not built, starts PostgreSQL and Redis unless DATABASE_URL /
// REDIS_URL point elsewhere (data kept in .data/), then runs the API serving the SPA.
// Ctrl-C or SIGTERM stops everything it started.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  backendRequire,
  onShutdownSignal,
  productionSettings,
  root,
  ServiceError,
  startPostgres,
  startRedis,
  waitUntilReady,
} from './lib/services.mjs';

const say = (line) => process.stdout.write(`[start] ${line}\n`);

function loadDotEnv() {
  const file = join(root, '.env');
  if (existsSync(file)) {
    process.loadEnvFile(file);
    say('loaded .env');
  }
}

function build() {
  say('building (cached when nothing changed)...');
  const result = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--output-style=static'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  if (result.status !== 0) throw new ServiceError('build failed');
}

/** Fails fast, before anything starts, on a bad configuration value (one line). */
function checkConfig(env) {
  const { loadConfig, ConfigError } = backendRequire('./dist/config/app-config.js');
  try {
    loadConfig({
      ...env,
      DATABASE_URL: env.DATABASE_URL ?? 'postgres://embedded/chat',
      REDIS_URL: env.REDIS_URL ?? 'redis://embedded',
    });
  } catch (error) {
    if (error instanceof ConfigError) throw new ServiceError(error.message);
    throw error;
  }
}

/**
 * A random access-token secret kept in .data/, so tokens survive restarts and no two
 * installations share the development fallback secret.
 */
function localJwtSecret() {
  const file = join(root, '.data', 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

const stops = [];
const stopAll = async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  stops.length = 0;
};

async function main() {
  loadDotEnv();
  const started = Date.now();
  const env = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development' };
  // The demo shop at /demo/shop, with the widget on it (docs/widget.md).
  env.DEMO_SHOP ??= 'true';
  env.JWT_SECRET ??= localJwtSecret();
  build();
  checkConfig(env);
  onShutdownSignal(stopAll);

  if (!env.DATABASE_URL) {
    const postgres = await startPostgres({
      dir: join(root, '.data', 'postgres'),
      flags: productionSettings('256MB'),
    });
    stops.push(() => postgres.stop());
    await postgres.createDatabase('chat');
    env.DATABASE_URL = postgres.url('chat');
    say('PostgreSQL (embedded) started, data in .data/postgres');
  }
  if (!env.REDIS_URL) {
    const redis = await startRedis({ dir: join(root, '.data', 'redis'), ownProcessGroup: true });
    stops.push(() => redis.stop());
    env.REDIS_URL = redis.url;
    say(`Redis started (${redis.url}), data in .data/redis`);
  }

  // A 32 MB young generation, as in the API image (deploy/api.Dockerfile).
  const api = spawn(
    process.execPath,
    ['--enable-source-maps', '--max-semi-space-size=32', 'backend/dist/main.js'],
    {
      cwd: root,
      env,
      stdio: 'inherit',
    },
  );
  const apiExited = new Promise((resolve) =>
    api.once('exit', (code, signal) => resolve(code ?? (signal ? 0 : 1))),
  );
  stops.push(async () => {
    if (api.exitCode === null && api.signalCode === null) api.kill('SIGTERM');
    await apiExited;
  });

  const port = Number(env.PORT ?? 3000);
  const alive = () => api.exitCode === null;
  if (await waitUntilReady(`http://127.0.0.1:${port}`, { alive })) {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    say(
      `ready in ${seconds}s: http://localhost:${port}  (API docs: http://localhost:${port}/docs)`,
    );
    if (env.DEMO_SHOP === 'true')
      say(`demo shop with the chat widget: http://localhost:${port}/demo/shop`);
    say('press Ctrl-C to stop');
  }
  const code = await apiExited;
  await stopAll();
  process.exit(code);
}

main().catch(async (error) => {
  process.stderr.write(`${error instanceof ServiceError ? error.message : error}\n`);
  await stopAll();
  process.exit(1);
});
