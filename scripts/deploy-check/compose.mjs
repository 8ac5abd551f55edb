// docker-compose.yml, resolved by docker-compose 1.29 and by the v2 plugin when there is one.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTALL_HINT, missing, root, tools, work } from './context.mjs';
import { skip } from './runner.mjs';

const COMPOSE_ENV_FILE = join(work, 'compose.env'); // empty: a developer's .env must not leak in
const composeEnv = (extra) => {
  const env = { ...process.env, ...extra };
  for (const k of ['JWT_SECRET', 'COMPOSE_PROFILES', 'COMPOSE_FILE', 'COMPOSE_PROJECT_NAME'])
    if (!(k in extra)) delete env[k];
  return env;
};

function checkCompose(label, command, prefix) {
  writeFileSync(COMPOSE_ENV_FILE, '');
  const args = [...prefix, '--env-file', COMPOSE_ENV_FILE, '-f', 'docker-compose.yml'];
  const problems = [];
  const spawn = (more, env) => {
    const r = spawnSync(command, [...args, ...more], { cwd: root, encoding: 'utf8', env });
    if (r.error) throw r.error;
    return r;
  };
  const ok = spawn(['config', '-q'], composeEnv({ JWT_SECRET: 'x'.repeat(40) }));
  if (ok.status !== 0)
    problems.push(`${label} config -q failed:\n${(ok.stderr || ok.stdout).trim()}`);
  // The worker is on by default: no profile needed.
  const services = spawn(['config', '--services'], composeEnv({ JWT_SECRET: 'x'.repeat(40) }));
  const names = services.stdout.split('\n').filter(Boolean).sort().join(',');
  if (names !== 'api,mailpit,minio,minio-init,postgres,redis,web,worker')
    problems.push(`${label} services without a profile are ${names}`);
  // The resolved file: the API only enqueues, the worker never migrates and has a real healthcheck.
  const resolved = spawn(['config'], composeEnv({ JWT_SECRET: 'x'.repeat(40) })).stdout;
  const service = (name) =>
    resolved.match(new RegExp(`^  ${name}:\\n((?:(?:    .*)?\\n)*)`, 'm'))?.[1] ?? '';
  const api = service('api');
  const worker = service('worker');
  if (!/^      WORKER_MODE: ['"]?none['"]?$/m.test(api))
    problems.push(`${label}: the api service does not get WORKER_MODE=none by default`);
  // (docker-compose 1.29 lists profiled services under --services too: look at the service.)
  if (/^    profiles:/m.test(worker))
    problems.push(`${label}: the worker service has a profile (it must start by default)`);
  if (!/^      DB_MIGRATE: ['"]?false['"]?$/m.test(worker))
    problems.push(`${label}: the worker service does not get DB_MIGRATE=false`);
  if (!/- backend\/dist\/worker\.js$/m.test(worker))
    problems.push(`${label}: the worker service does not run backend/dist/worker.js`);
  const health =
    worker.match(/^    healthcheck:\n((?:      .*\n)*)/m)?.[1].replace(/\s+/g, ' ') ?? '';
  if (!/127\.0\.0\.1:.*\b3001\b.*\/health\b/.test(health) || /disable: true/.test(health))
    problems.push(`${label}: the worker healthcheck does not GET /health on port 3001: ${health}`);
  if (!/^    depends_on:\n      api:\n        condition: service_healthy$/m.test(worker))
    problems.push(`${label}: the worker does not wait for a healthy api`);
  for (const name of ['WORKER_PORT', 'BOTS', 'BOT_CONCURRENCY', 'LLM_API_KEY', 'LLM_BASE_URL'])
    if (!new RegExp(`^      ${name}:`, 'm').test(worker))
      problems.push(`${label}: the worker service does not get ${name}`);
  // The scaled-out override (docker-compose.scale.yml): the API and the worker on the Redis
  // Cluster and PgBouncer, the migrations' lock and LISTEN on PostgreSQL directly.
  const scaled = spawn(
    ['-f', 'docker-compose.scale.yml', 'config'],
    composeEnv({ JWT_SECRET: 'x'.repeat(40) }),
  );
  if (scaled.status !== 0)
    problems.push(`${label} with docker-compose.scale.yml failed:\n${scaled.stderr.trim()}`);
  const scaledService = (name) =>
    scaled.stdout.match(new RegExp(`^  ${name}:\\n((?:(?:    .*)?\\n)*)`, 'm'))?.[1] ?? '';
  for (const name of ['api', 'worker']) {
    const env = scaledService(name);
    for (const line of [
      /^      REDIS_CLUSTER: ['"]?true['"]?$/m,
      /^      DATABASE_URL: postgres:\/\/\S+@pgbouncer:6432\//m,
      /^      DATABASE_DIRECT_URL: postgres:\/\/\S+@postgres:5432\//m,
    ])
      if (!line.test(env)) problems.push(`${label} scaled: ${name} lacks ${line.source}`);
  }
  const noSecret = spawn(['config', '-q'], composeEnv({}));
  if (noSecret.status === 0 || !/JWT_SECRET/.test(noSecret.stderr + noSecret.stdout))
    problems.push(`${label} accepted the file without JWT_SECRET (it must refuse to start)`);
  return problems;
}

/** docker-compose 1.29 (apt). */
export function composeV1() {
  if (!tools['docker-compose'])
    return missing('docker-compose', `apt-get install docker-compose, or ${INSTALL_HINT}`);
  return checkCompose('docker-compose', tools['docker-compose'], []);
}

/** The `docker compose` plugin, when there is one. */
export function composeV2() {
  if (!tools['docker compose']) return skip('no `docker compose` plugin');
  return checkCompose('docker compose', tools['docker compose'], ['compose']);
}
