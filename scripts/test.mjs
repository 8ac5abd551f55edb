#!/usr/bin/env node
// `npm test`: every check the project has, in order, with a summary at the end.
import { spawnSync } from 'node:child_process';
import { root } from './lib/services.mjs';

const env = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  TZ: 'UTC',
  CI: process.env.CI ?? 'true',
};
const nx = (...targets) => ['npx', 'nx', 'run-many', '-t', ...targets, '--output-style=static'];

const steps = [
  { name: 'format (prettier)', cmd: ['npx', 'prettier', '--check', '.', '--log-level', 'warn'] },
  { name: 'documentation links', cmd: ['npm', 'run', 'docs:check', '--silent'] },
  {
    name: 'production dependencies (npm audit)',
    cmd: ['npm', 'run', 'deps:audit', '--silent'],
  },
  { name: 'lint + type-check', cmd: nx('lint', 'typecheck') },
  { name: 'OpenAPI document and SDK up to date', cmd: ['node', 'scripts/api-check.mjs'] },
  { name: 'backend unit + integration tests', cmd: ['npm', 'test', '-w', 'backend'] },
  { name: 'frontend unit tests', cmd: ['npm', 'test', '-w', 'frontend'] },
  {
    name: 'deployment files (Helm, Compose, Dockerfiles)',
    cmd: ['node', 'scripts/deploy-check.mjs'],
  },
  { name: 'build', cmd: nx('build') },
  {
    name: 'API fuzzing (schemathesis, built API)',
    cmd: ['node', 'scripts/with-services.mjs', 'node', 'scripts/schemathesis.mjs'],
    needs: 'build',
  },
  {
    name: 'end-to-end (Playwright, built stack)',
    cmd: ['node', 'scripts/with-services.mjs', 'node', 'scripts/e2e.mjs'],
    needs: 'build',
  },
  {
    // The verdict's own tests, then the soak on its own PostgreSQL and Redis (it kills them):
    // five faults in a minute, each part once.
    name: 'chaos soak (1 minute, built stack)',
    cmd: [
      'sh',
      '-c',
      'node --test --test-reporter=dot artillery/lib/soak/verify.test.mjs && node artillery/soak.mjs --minutes 1',
    ],
    needs: 'build',
  },
];

const results = [];
for (const step of steps) {
  if (step.needs && results.find((r) => r.name === step.needs && !r.ok)) {
    results.push({ name: step.name, ok: false, seconds: 0, skipped: true });
    continue;
  }
  process.stdout.write(`\n=== ${step.name}\n`);
  const started = Date.now();
  const [command, ...args] = step.cmd;
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  results.push({ name: step.name, ok: run.status === 0, seconds: (Date.now() - started) / 1000 });
}

process.stdout.write('\n=== summary\n');
for (const r of results) {
  const mark = r.skipped ? 'SKIP' : r.ok ? 'ok  ' : 'FAIL';
  process.stdout.write(`${mark} ${r.name.padEnd(40)} ${r.seconds.toFixed(1)}s\n`);
}
const passed = results.filter((r) => r.ok).length;
process.stdout.write(`checks: ${passed} passed, ${results.length - passed} failed\n`);
process.exit(passed === results.length ? 0 : 1);
