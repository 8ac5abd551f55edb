#!/usr/bin/env node
// Fails when backend/openapi.json or the generated SDK is stale: regenerates both, then asks
// git whether anything changed. Fix with `npm run api:sync` and commit the result.
import { spawnSync } from 'node:child_process';
import { root } from './lib/services.mjs';

const generated = ['backend/openapi.json', 'frontend/src/app/core/api'];

const sync = spawnSync('npm', ['run', 'api:sync', '--silent'], { cwd: root, stdio: 'inherit' });
if (sync.status !== 0) process.exit(sync.status ?? 1);

const status = spawnSync('git', ['status', '--porcelain', '--', ...generated], {
  cwd: root,
  encoding: 'utf8',
});
if (status.status !== 0) {
  console.error(
    `api-check: git is needed to compare the generated files (${status.stderr.trim()})`,
  );
  process.exit(1);
}
if (status.stdout.trim()) {
  console.error(
    'api-check: the OpenAPI document or the SDK is stale. Run `npm run api:sync` and commit:',
  );
  console.error(status.stdout.trimEnd());
  process.exit(1);
}
console.log('api-check: OpenAPI document and SDK are up to date');
