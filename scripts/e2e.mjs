#!/usr/bin/env node
// Runs the Playwright suite against the real built stack: the API (serving the built SPA) on
// DATABASE_URL / REDIS_URL, which scripts/with-services.mjs provides.
import { spawn } from 'node:child_process';
import { freePort, root, waitUntilReady } from './lib/services.mjs';

const port = await freePort();
const api = spawn(process.execPath, ['backend/dist/main.js'], {
  cwd: root,
  // Every browser test registers fresh users from one address: lift the per-IP auth limit.
  env: {
    ...process.env,
    PORT: String(port),
    METRICS_PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_AUTH_PER_MINUTE: '1000',
    RATE_LIMIT_REQUESTS_PER_MINUTE_PER_IP: '1000000',
    // Link previews of the pages the browser tests serve on this machine (test-only setting).
    LINK_PREVIEW_ALLOW_PRIVATE: 'true',
  },
  stdio: 'inherit',
});
const apiExit = new Promise((resolve) => api.once('exit', resolve));

let code = 1;
if (await waitUntilReady(`http://127.0.0.1:${port}`, { alive: () => api.exitCode === null })) {
  const playwright = spawn('npx', ['playwright', 'test', ...process.argv.slice(2)], {
    cwd: `${root}/frontend`,
    env: { ...process.env, E2E_BASE_URL: `http://127.0.0.1:${port}` },
    stdio: 'inherit',
  });
  code = await new Promise((resolve) => playwright.once('exit', (c) => resolve(c ?? 1)));
} else {
  console.error('e2e: the API did not become ready');
}
api.kill('SIGTERM');
await apiExit;
process.exit(code);
