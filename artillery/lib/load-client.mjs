// What the socket load clients (load/fanout.mjs, load/bots.mjs) share: connecting a socket, the
// measured sending window of a phase, waiting for a quiet server and for a phase to drain, and
// the CPU part of a phase's progress line.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { backendRequire } from '../../scripts/lib/services.mjs';
import { round, sleep, waitForQuiet, windowMeters } from './util.mjs';

const { io } = backendRequire('socket.io-client');

/**
 * Connects one Socket.IO client as `name` (websocket only, no reconnection); `listen(socket)`
 * adds its event handlers first; `onDisconnect(reason)` hears a disconnect after the connect.
 * Rejects on a connect error or after `timeoutMs`.
 */
export function connectSocket(
  url,
  { auth, name, listen = () => {}, onDisconnect, timeoutMs = 30_000 },
) {
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      transports: ['websocket'],
      auth,
      reconnection: false,
      forceNew: true,
      timeout: timeoutMs,
    });
    listen(socket);
    socket.once('connect', () => {
      socket.on('disconnect', (reason) => onDisconnect(reason));
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      socket.close();
      reject(new Error(`connect_error for ${name}: ${error.message}`));
    });
  });
}

/**
 * Runs `send()`, the sending part of a phase, as a measured window: its wall time (ms), the CPU
 * of the server, the services and other processes (windowMeters), the load generator's own CPU
 * and event-loop delay p99. The event-loop monitor starts at `sendingWindow(cfg)`, the rest at
 * `measure(send)`, so a caller may prepare in between (bots.mjs reads the reply cache's counters there).
 */
export function sendingWindow(cfg) {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const meters = windowMeters(cfg);
  return {
    async measure(send) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      meters.start();
      await send();
      const sendWall = performance.now() - t0;
      const { serverCpu, foreignCpu, servicesCpu } = meters.stop();
      const used = process.cpuUsage(cpu0);
      loop.disable();
      return {
        sendWall,
        serverCpu,
        foreignCpu,
        servicesCpu,
        loadgenCpu: round((used.user + used.system) / 1000 / sendWall, 3),
        loadgenLoopDelayP99Ms: round(loop.percentile(99) / 1e6, 1),
      };
    },
  };
}

/** The end of a phase's progress line: CPU of the server, load generator, services, others. */
export function cpuAndVerdict(r) {
  return (
    `cpu server ${r.serverCpu ?? '?'} loadgen ${r.loadgenCpu}` +
    Object.entries(r.servicesCpu ?? {})
      .map(([name, cores]) => ` ${name} ${cores}`)
      .join('') +
    ` others ${r.foreignCpu ?? '?'}` +
    `${r.aborted ? `, ABORTED: ${r.aborted}` : ''} -> ${r.pass ? 'ok' : 'FAIL'}`
  );
}

/** Waits until the server (`cfg.serverPid`) is quiet (< 20% of a core over 250 ms), at most `maxMs`. */
export async function settleServer(cfg, maxMs = 15_000) {
  if (cfg.serverPid) await waitForQuiet(cfg.serverPid, { below: 0.2, windowMs: 250, maxMs });
}

/** Waits until a phase has nothing `outstanding` (acks, replies), at most `maxMs`. */
export async function untilDrained(phase, maxMs) {
  const deadline = performance.now() + maxMs;
  while (phase.outstanding > 0 && performance.now() < deadline) await sleep(20);
}
