// The soak's stack, every part of which can be killed and started again: PostgreSQL (its own
// data directory, durability on), Redis (append-only file, as `npm start` runs it), two API
// processes and a worker process (built backend), and the fake model the assistant talks to.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createDatabase,
  freePort,
  startPostgres,
  startRedis,
  waitUntilReady,
} from '../../../scripts/lib/services.mjs';
import { HarnessError } from '../harness.mjs';
import { startApi } from '../stack.mjs';
import { findDescendants, repoRoot, sleep, spawnChild } from '../util.mjs';
import { startFakeModel } from './fake-model.mjs';

/** A restart on a machine shared with other work can be slow; it must still be waited for. */
const READY_TIMEOUT_MS = 300_000;

/** Settings every API and worker process of the soak shares. */
function sharedEnv(stack) {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'error',
    HOST: '127.0.0.1',
    DATABASE_URL: stack.databaseUrl,
    REDIS_URL: stack.redisUrl,
    WORKER_MODE: 'none',
    BOTS: 'assistant',
    LLM_BASE_URL: stack.model.baseUrl,
    LLM_MODEL: 'soak',
    UPLOADS_DIR: join(stack.work, 'uploads'),
    RATE_LIMIT_UPLOADS_PER_MINUTE: '1000000',
    // A person waits for one reply at a time in the soak, so the default in-flight cap stays.
  };
}

/** Pids of `pid`'s children, from /proc. */
function childrenOf(pid) {
  const found = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid)
        found.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

const alivePid = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Starts the whole stack under `h.work`; returns it with `components`, each of which has
 * `kill()` (SIGKILL, as a crash or an OOM kill does) and `restart()` (resolves once it is ready
 * again), and `unexpectedExits`: processes that ended without being killed on purpose.
 */
export async function startChaosStack(h) {
  const stack = { work: h.work, unexpectedExits: [], workerWarnings: [] };
  const pgDir = join(h.work, 'postgres');
  const redisDir = join(h.work, 'redis');

  const postgres = await startPostgres({ dir: pgDir });
  h.cleanups.push(() => postgres.stop());
  stack.databaseUrl = await postgres.createDatabase('chat_soak');
  let redis = await startRedis({ dir: redisDir });
  const redisPort = Number(new URL(redis.url).port);
  h.cleanups.push(() => redis.stop());
  stack.redisUrl = redis.url;
  stack.model = await startFakeModel();
  h.cleanups.push(() => stack.model.close());

  const env = sharedEnv(stack);
  const watch = (name, exited, handle) =>
    exited.then((code) => {
      if (!handle.killing) stack.unexpectedExits.push({ name, code, at: Date.now() });
    });

  // The first API applies the migrations alone; the second starts on a migrated database.
  const apis = {};
  for (const name of ['api-a', 'api-b']) {
    const api = await startApi(h, stack, { env, readyTimeoutMs: READY_TIMEOUT_MS });
    apis[name] = { api, killing: false };
    watch(name, api.exited, apis[name]);
  }
  stack.urls = [apis['api-a'].api.url, apis['api-b'].api.url];

  const workerPort = await freePort();
  const startWorker = async () => {
    const { child, exited, tail } = spawnChild(
      process.execPath,
      [join(repoRoot, 'backend', 'dist', 'worker.js')],
      {
        env: {
          ...process.env,
          ...env,
          LOG_LEVEL: 'warn',
          WORKER_PORT: String(workerPort),
          DB_MIGRATE: 'false',
        },
        // Its warnings say why a reply was retried or failed: kept for the report.
        onLine: (line) => {
          stack.workerWarnings.push(line.slice(0, 400));
          if (stack.workerWarnings.length > 500) stack.workerWarnings.shift();
        },
      },
    );
    let done = false;
    exited.then(() => (done = true));
    const handle = { child, exited, killing: false };
    h.cleanups.push(async () => {
      if (done) return;
      handle.killing = true;
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000)]);
      if (!done) child.kill('SIGKILL');
    });
    const ready = await waitUntilReady(`http://127.0.0.1:${workerPort}`, {
      timeoutMs: READY_TIMEOUT_MS,
      alive: () => !done,
    });
    if (!ready) throw new HarnessError(`the worker did not start:\n${tail.slice(-15).join('\n')}`);
    watch('worker', exited, handle);
    return handle;
  };
  let worker = await startWorker();

  const apiComponent = (name) => ({
    name,
    async kill() {
      const entry = apis[name];
      entry.killing = true;
      process.kill(entry.api.pid, 'SIGKILL');
      await entry.api.exited;
    },
    async restart() {
      const { api } = apis[name];
      const next = await startApi(h, stack, {
        port: api.port,
        metricsPort: api.metricsPort,
        env,
        readyTimeoutMs: READY_TIMEOUT_MS,
      });
      apis[name] = { api: next, killing: false };
      watch(name, next.exited, apis[name]);
    },
  });

  stack.components = {
    'api-a': apiComponent('api-a'),
    'api-b': apiComponent('api-b'),
    worker: {
      name: 'worker',
      async kill() {
        worker.killing = true;
        worker.child.kill('SIGKILL');
        await worker.exited;
      },
      async restart() {
        worker = await startWorker();
      },
    },
    redis: {
      name: 'redis',
      // Redis loses what it had not yet written to its append-only file (up to a second, its
      // default fsync policy): BullMQ jobs, rate-limit counters, presence. That loss is part
      // of the fault.
      kill: () => redis.stop('SIGKILL'),
      async restart() {
        redis = await startRedis({ dir: redisDir, port: redisPort });
      },
    },
    postgres: {
      name: 'postgres',
      // The postmaster and every backend at once, as a power cut: PostgreSQL recovers from its
      // WAL at the next start.
      async kill() {
        const [postmaster] = findDescendants(process.pid, /^postgres$/);
        if (!postmaster) throw new HarnessError('no PostgreSQL process to kill');
        const backends = childrenOf(postmaster);
        for (const pid of [postmaster, ...backends]) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
        while ([postmaster, ...backends].some(alivePid)) await sleep(20);
      },
      restart: () => postgres.start(),
    },
  };
  return stack;
}
