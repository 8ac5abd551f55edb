#!/usr/bin/env node
// P1 load: opens many sockets (authenticated for the API, plain for the relay), holds them
// for a while, and reports the server's memory per socket (RSS delta / sockets) and every
// unexpected disconnect.
//
// Usage: node artillery/load/hold.mjs <config.json>
// config: { target, url, sockets, identities: [auth objects], holdSeconds, rampPerSecond,
//           settleSeconds, serverPid, out }
import { writeFileSync } from 'node:fs';
import { backendRequire } from '../../scripts/lib/services.mjs';
import { readJson, round, rssBytes, sleep } from '../lib/util.mjs';

const { io } = backendRequire('socket.io-client');
const cfg = readJson(process.argv[2]);
const log = (line) => process.stderr.write(`${line}\n`);

async function main() {
  const sockets = [];
  let closing = false;
  let disconnects = 0;
  let connectErrors = 0;
  let firstConnectError = null;
  const reasons = {};
  const rssBefore = rssBytes(cfg.serverPid);
  const started = performance.now();
  const interval = 1000 / cfg.rampPerSecond;
  const pending = [];
  for (let i = 0; i < cfg.sockets; i += 1) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const auth = cfg.identities[i % cfg.identities.length];
    pending.push(
      new Promise((resolve) => {
        const socket = io(cfg.url, {
          transports: ['websocket'],
          auth,
          reconnection: false,
          forceNew: true,
          timeout: 60_000,
        });
        socket.once('connect', () => {
          sockets.push(socket);
          socket.on('disconnect', (reason) => {
            if (closing) return;
            disconnects += 1;
            reasons[reason] = (reasons[reason] ?? 0) + 1;
          });
          resolve();
        });
        socket.once('connect_error', (error) => {
          connectErrors += 1;
          firstConnectError ??= error.message;
          socket.close();
          resolve();
        });
      }),
    );
    if (i > 0 && i % 1000 === 0) log(`  ${cfg.target}: ${i} sockets opened`);
  }
  await Promise.all(pending);
  const connectSeconds = round((performance.now() - started) / 1000, 1);
  log(
    `  ${cfg.target}: ${sockets.length} sockets connected in ${connectSeconds} s (${connectErrors} failed)`,
  );
  await sleep((cfg.settleSeconds ?? 10) * 1000);
  const rssConnected = rssBytes(cfg.serverPid);
  let rssPeak = rssConnected;
  const holdStarted = performance.now();
  let lastReport = holdStarted;
  while (performance.now() - holdStarted < cfg.holdSeconds * 1000) {
    await sleep(Math.min(5_000, cfg.holdSeconds * 1000));
    rssPeak = Math.max(rssPeak ?? 0, rssBytes(cfg.serverPid) ?? 0);
    if (performance.now() - lastReport >= 60_000) {
      lastReport = performance.now();
      const held = sockets.filter((s) => s.connected).length;
      log(`  ${cfg.target}: holding ${held} sockets, ${disconnects} unexpected disconnects`);
    }
  }
  const stillConnected = sockets.filter((s) => s.connected).length;
  const rssEnd = rssBytes(cfg.serverPid);
  closing = true;
  for (const s of sockets) s.close();
  const perSocket =
    rssBefore !== null && rssConnected !== null && sockets.length > 0
      ? Math.round((rssConnected - rssBefore) / sockets.length)
      : null;
  const result = {
    target: cfg.target,
    requested: cfg.sockets,
    connected: sockets.length,
    connectErrors,
    firstConnectError,
    connectSeconds,
    heldSeconds: round((performance.now() - holdStarted) / 1000, 1),
    stillConnected,
    disconnects,
    disconnectReasons: reasons,
    rssBeforeMiB: round(rssBefore / 2 ** 20, 1),
    rssConnectedMiB: round(rssConnected / 2 ** 20, 1),
    rssPeakMiB: round(rssPeak / 2 ** 20, 1),
    rssEndMiB: round(rssEnd / 2 ** 20, 1),
    bytesPerSocket: perSocket,
  };
  writeFileSync(cfg.out, JSON.stringify(result));
  await sleep(200);
  process.exit(0);
}

main().catch((error) => {
  log(`hold load failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
