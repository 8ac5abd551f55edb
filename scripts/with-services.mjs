#!/usr/bin/env node
// Runs a command with DATABASE_URL and REDIS_URL pointing at a fresh, private database and a
// Redis: the configured servers when those variables are set, else throwaway embedded ones.
// Usage: node scripts/with-services.mjs <command> [args...]
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freshDatabase,
  onShutdownSignal,
  ServiceError,
  startPostgres,
  startRedis,
} from './lib/services.mjs';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: with-services.mjs <command> [args...]');
  process.exit(2);
}

const cleanups = [];
const cleanup = async () => {
  for (const fn of cleanups.reverse()) await fn().catch(() => {});
  cleanups.length = 0;
};

/** A fresh database on the server at `serverUrl`, dropped again at the end. */
async function testDatabase(serverUrl) {
  const database = await freshDatabase(serverUrl, 'chat_test');
  cleanups.push(database.drop);
  return database.url;
}

async function main() {
  const env = { ...process.env };
  if (!env.DATABASE_URL) {
    const dir = mkdtempSync(join(tmpdir(), 'chat-pg-'));
    const server = await startPostgres({ dir, ephemeral: true });
    cleanups.push(async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    env.DATABASE_URL = await testDatabase(server.url('postgres'));
  } else {
    env.DATABASE_URL = await testDatabase(env.DATABASE_URL);
  }
  // Every process of the run (test apps, spawned API and worker processes) signs and checks
  // tokens with the same secret; there is no built-in fallback.
  env.JWT_SECRET ||= randomBytes(36).toString('base64url');
  if (!env.REDIS_URL) {
    const redis = await startRedis();
    cleanups.push(() => redis.stop());
    env.REDIS_URL = redis.url;
  }

  const child = spawn(command, args, {
    stdio: 'inherit',
    env,
    shell: process.platform === 'win32',
  });
  onShutdownSignal(async (signal) => {
    child.kill(signal);
    await new Promise((resolve) => child.once('exit', resolve));
    await cleanup();
  });
  const code = await new Promise((resolve) =>
    child.once('exit', (c, s) => resolve(c ?? (s ? 1 : 0))),
  );
  await cleanup();
  process.exit(code);
}

main().catch(async (error) => {
  console.error(error instanceof ServiceError ? error.message : error);
  await cleanup();
  process.exit(1);
});
