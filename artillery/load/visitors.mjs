#!/usr/bin/env node
// P10 load client: new shop visitors arrive open loop at `rate` per second. Each one starts a
// guest session (POST /widget/:id/sessions with the shop's Origin, as widget.js does), connects
// its socket with the guest token, asks SizeBot one question, and we time the bot's first
// message:delta. The P10 figure is question sent -> first delta; the visitor's whole way, from
// the scheduled arrival (so a slow server cannot hide its queueing), is reported beside it.
//
// Usage: node artillery/load/visitors.mjs <config.json>   (written by artillery/run.mjs)
// config: { url, widgetId, origin, rate, seconds, replyTimeoutMs, serverPid, rootPid,
//           servicePids, out }
import { writeFileSync } from 'node:fs';
import { connectSocket, cpuAndVerdict, sendingWindow, settleServer } from '../lib/load-client.mjs';
import { openLoop } from '../lib/open-loop.mjs';
import { readJson, round, sleep, summarize } from '../lib/util.mjs';

const cfg = readJson(process.argv[2]);
const log = (line) => process.stderr.write(`${line}\n`);
const replyTimeoutMs = cfg.replyTimeoutMs ?? 15_000;

/** A different question per visitor, so the reply cache mostly misses. */
function question(k) {
  return `I'm ${150 + (k % 50)} cm and ${45 + (Math.floor(k / 50) % 80)} kg, which T-shirt size?`;
}

const visitors = [];
const errors = {};
const sockets = [];
const fail = (stage, v) => {
  errors[stage] = (errors[stage] ?? 0) + 1;
  v.failed = stage;
};

/** One visitor, from its scheduled arrival to the bot's first delta (or a failure). */
async function visit(k, sched) {
  const v = { k, sched, session: null, connected: null, asked: null, acked: null, delta: null };
  visitors.push(v);
  let res;
  try {
    res = await fetch(`${cfg.url}/api/v1/widget/${cfg.widgetId}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: cfg.origin },
      body: JSON.stringify({ context: { product: 'Basic tee', category: 'tops' } }),
    });
  } catch {
    return fail('session', v);
  }
  if (res.status !== 201) return fail(`session ${res.status}`, v);
  const session = await res.json();
  v.session = performance.now();
  let firstDelta;
  const gotDelta = new Promise((resolve) => (firstDelta = resolve));
  let socket;
  try {
    socket = await connectSocket(cfg.url, {
      auth: { token: session.guestToken },
      name: `visitor ${k}`,
      listen: (s) => s.once('message:delta', () => firstDelta(performance.now())),
      onDisconnect: () => undefined,
    });
  } catch {
    return fail('connect', v);
  }
  sockets.push(socket);
  v.connected = performance.now();
  v.asked = performance.now();
  const ack = await socket
    .timeout(10_000)
    .emitWithAck('message:send', {
      conversationId: session.conversationId,
      clientMessageId: `visitor-${k}`,
      body: question(k),
    })
    .catch(() => ({ ok: false, error: { code: 'TIMEOUT' } }));
  if (!ack.ok) return fail(`ack ${ack.error?.code}`, v);
  v.acked = performance.now();
  const delta = await Promise.race([gotDelta, sleep(replyTimeoutMs).then(() => null)]);
  if (delta === null) return fail('reply timeout', v);
  v.delta = delta;
  socket.close();
}

await settleServer(cfg);
const window = sendingWindow(cfg);
const pending = [];
const measured = await window.measure(() =>
  openLoop({
    rate: cfg.rate,
    seconds: cfg.seconds,
    schedules: [{ onDue: (k, sched) => pending.push(visit(k, sched)) }],
  }),
);
await Promise.all(pending);
for (const s of sockets) s.close();

const done = visitors.filter((v) => v.delta !== null);
const result = {
  rate: cfg.rate,
  seconds: cfg.seconds,
  visitors: visitors.length,
  answered: done.length,
  errors,
  questionToFirstDelta: summarize(done.map((v) => v.delta - v.asked)),
  arrivalToFirstDelta: summarize(done.map((v) => v.delta - v.sched)),
  arrivalToSession: summarize(done.map((v) => v.session - v.sched)),
  sessionToConnected: summarize(done.map((v) => v.connected - v.session)),
  ...measured,
  sendWall: round(measured.sendWall, 0),
};
result.pass =
  result.questionToFirstDelta.p99 !== undefined &&
  result.questionToFirstDelta.p99 <= 300 &&
  done.length === visitors.length;
log(
  `  P10: ${done.length}/${visitors.length} visitors answered, question -> first delta p99 ` +
    `${result.questionToFirstDelta.p99} ms (arrival -> first delta p99 ` +
    `${result.arrivalToFirstDelta.p99} ms), ${cpuAndVerdict(result)}`,
);
writeFileSync(cfg.out, JSON.stringify(result));
process.exit(0);
