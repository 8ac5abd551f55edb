#!/usr/bin/env node
// Open-loop fan-out load client (Node + socket.io-client), used for P2, P3 and P7 against the
// API and, unchanged, against the bare relay baseline.
//
// Every member of every conversation holds its own socket. Messages are sent on a fixed
// schedule (message k is due at start + k/rate, whatever the server does), by a member of
// conversation k mod N; latency is measured from the SCHEDULED time, so server queueing is
// never hidden by a slowed-down sender. Each receiver records `message:new`; a message counts
// as delivered when the last member's socket has it (fan-out = members per conversation, the
// sender's own socket included, as the server broadcasts to the whole room). Receivers check
// `seq` per conversation for duplicates and, at the end, for acked messages they never got.
//
// Usage: node artillery/load/fanout.mjs <config.json>   (written by artillery/run.mjs)
// config: { target: "api"|"relay"|"durable" (the durable relay, P9), url, setupFile, mode: "steps"|"fixed", rates, stepSeconds,
//           fixedRate, fixedSeconds, warmupSeconds, drainMs, ackTimeoutMs, serverPid, out,
//           ackedOut, tag, p99LimitMs, maxErrorRate, threadShare }
//
// Thread replies: with `threadShare` (0-1) that share of each conversation's sends carries
// `threadRootId`, the conversation's first acknowledged message, so the mix includes the thread
// path (root check, summary and followers, `thread:updated`); a reply still reaches every member
// as `message:new` and is checked like any message.
import { appendFileSync, writeFileSync } from 'node:fs';
import {
  connectSocket,
  cpuAndVerdict,
  sendingWindow,
  settleServer,
  untilDrained,
} from '../lib/load-client.mjs';
import { openLoop } from '../lib/open-loop.mjs';
import { pool, readJson, round, sleep, summarize } from '../lib/util.mjs';

const cfg = readJson(process.argv[2]);
const setup = readJson(cfg.setupFile);
const log = (line) => process.stderr.write(`${line}\n`);
const ackTimeoutMs = cfg.ackTimeoutMs ?? 10_000;
const p99LimitMs = cfg.p99LimitMs ?? 100;
const maxErrorRate = cfg.maxErrorRate ?? 0.00025;
const BODY = 'benchmark message: a short line of chat text, about sixty chars';
/** Every `threadEvery`-th send of a conversation replies in its thread (0: none). */
const threadEvery = cfg.threadShare > 0 ? Math.max(1, Math.round(1 / cfg.threadShare)) : 0;

// ---------------------------------------------------------------------------------------------
// Sockets

const conversations = setup.conversations.map((c, ci) => ({
  id: c.id,
  ci,
  members: c.members,
  sockets: [],
  receivers: [],
  ackedSeqs: new Set(),
  rootId: null,
}));
const C = conversations.length;
const M = Math.min(...conversations.map((c) => c.members.length));

let closing = false;
let disconnects = 0;
let currentPhase = null;
let unknownDeliveries = 0;
let duplicateDeliveries = 0;
const msgs = new Map();

function authFor(conversation, member) {
  return cfg.target !== 'api'
    ? { conversationId: conversation.id, userId: member.userId, username: member.username }
    : { token: member.token };
}

async function connectOne(conversation, member) {
  const receiver = { seen: new Set(), duplicates: 0 };
  const socket = await connectSocket(cfg.url, {
    auth: authFor(conversation, member),
    name: member.username,
    listen: (s) => s.on('message:new', (m) => onMessage(conversation, receiver, m)),
    onDisconnect: (reason) => {
      if (closing) return;
      disconnects += 1;
      if (currentPhase) currentPhase.disconnects += 1;
      log(`  socket of ${member.username} disconnected: ${reason}`);
    },
  });
  return { socket, receiver };
}

async function connectAll() {
  const started = performance.now();
  const pairs = conversations.flatMap((c) => c.members.map((m) => [c, m]));
  const connected = await pool(pairs, 25, ([c, m]) => connectOne(c, m));
  connected.forEach(({ socket, receiver }, i) => {
    const [c] = pairs[i];
    c.sockets.push(socket);
    c.receivers.push(receiver);
  });
  return { sockets: pairs.length, connectMs: Math.round(performance.now() - started) };
}

// ---------------------------------------------------------------------------------------------
// Receiving

function onMessage(conversation, receiver, m) {
  const now = performance.now();
  const seq = Number(m?.seq);
  if (receiver.seen.has(seq)) {
    receiver.duplicates += 1;
    duplicateDeliveries += 1;
    return;
  }
  receiver.seen.add(seq);
  const rec = msgs.get(m?.clientMessageId);
  if (!rec) {
    unknownDeliveries += 1;
    return;
  }
  rec.recv += 1;
  if (rec.recv === conversation.members.length) {
    const ms = now - rec.sched;
    rec.phase.lat.push(ms);
    const second = Math.floor((rec.sched - rec.phase.start) / 1000);
    const slot = (rec.phase.timeline[second] ??= { n: 0, max: 0 });
    slot.n += 1;
    slot.max = Math.max(slot.max, ms);
    settleIfDone(rec);
  }
}

function settleIfDone(rec) {
  if (rec.done) return;
  const delivered = rec.recv === conversations[rec.ci].members.length;
  if (rec.ack === 'ok' ? delivered : rec.ack !== null) {
    rec.done = true;
    rec.phase.outstanding -= 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Sending (open loop)

let k = 0;

function newPhase(name, rate) {
  return {
    name,
    rate,
    sent: 0,
    threadReplies: 0,
    ackOk: 0,
    ackErrors: {},
    ackTimeouts: 0,
    outstanding: 0,
    unacked: 0,
    disconnects: 0,
    lat: [],
    ackLat: [],
    late: 0,
    aborted: null,
    records: [],
    start: null,
    timeline: [],
  };
}

function sendOne(phase, sched) {
  const index = k++;
  const conversation = conversations[index % C];
  const memberIndex = Math.floor(index / C) % M;
  const socket = conversation.sockets[memberIndex];
  const member = conversation.members[memberIndex];
  const clientMessageId = `${cfg.tag}-${index}`;
  const turn = Math.floor(index / C);
  const threadRootId =
    threadEvery > 0 && conversation.rootId !== null && turn % threadEvery === threadEvery - 1
      ? conversation.rootId
      : null;
  const rec = {
    ci: conversation.ci,
    sched,
    phase,
    recv: 0,
    ack: null,
    seq: null,
    done: false,
  };
  msgs.set(clientMessageId, rec);
  phase.records.push(clientMessageId);
  phase.sent += 1;
  if (threadRootId) phase.threadReplies += 1;
  phase.outstanding += 1;
  phase.unacked += 1;
  const late = performance.now() - sched;
  if (late > 5) phase.late += 1;
  socket.timeout(ackTimeoutMs).emit(
    'message:send',
    {
      conversationId: conversation.id,
      clientMessageId,
      body: `${BODY} #${index}`,
      ...(threadRootId ? { threadRootId } : {}),
    },
    (err, ack) => {
      const now = performance.now();
      phase.unacked -= 1;
      if (err) {
        phase.ackTimeouts += 1;
        rec.ack = 'timeout';
      } else if (ack?.ok) {
        phase.ackOk += 1;
        phase.ackLat.push(now - sched);
        rec.ack = 'ok';
        rec.seq = Number(ack.data.seq);
        if (threadEvery > 0 && !threadRootId) conversation.rootId ??= ack.data.id;
        conversation.ackedSeqs.add(rec.seq);
        if (cfg.ackedOut)
          ackedBuffer.push(`${member.userId},${clientMessageId},${conversation.id},${rec.seq}`);
      } else {
        const code = ack?.error?.code ?? 'UNKNOWN';
        phase.ackErrors[code] = (phase.ackErrors[code] ?? 0) + 1;
        rec.ack = 'error';
        if (Object.values(phase.ackErrors).reduce((a, b) => a + b, 0) <= 3) {
          log(`  ack error ${code}: ${ack?.error?.message}`);
        }
      }
      settleIfDone(rec);
    },
  );
}

const ackedBuffer = [];
function flushAcked() {
  if (!cfg.ackedOut || ackedBuffer.length === 0) return;
  appendFileSync(cfg.ackedOut, ackedBuffer.join('\n') + '\n');
  ackedBuffer.length = 0;
}

/** Sends `rate` msg/s for `seconds` on a fixed schedule; aborts when the backlog passes 2 s. */
function runPhase(phase, seconds, { abortOnBacklog = true } = {}) {
  phase.start = performance.now() + 5;
  return openLoop({
    rate: phase.rate,
    seconds,
    start: phase.start,
    schedules: [{ onDue: (_k, scheduledAt) => sendOne(phase, scheduledAt) }],
    abort: () => {
      if (!abortOnBacklog || phase.unacked <= Math.max(50, phase.rate * 2)) return false;
      phase.aborted = `backlog of ${phase.unacked} unacknowledged sends (> 2 s of load)`;
      return true;
    },
  });
}

function phaseResult(phase, wallMs, loadCpu, serverCpu, loopDelay, foreignCpu, servicesCpu) {
  let lost = 0;
  for (const id of phase.records) {
    const rec = msgs.get(id);
    if (!rec) continue;
    if (rec.ack === 'ok' && rec.recv < conversations[rec.ci].members.length) lost += 1;
    if (rec.done) msgs.delete(id);
  }
  const errors =
    Object.values(phase.ackErrors).reduce((a, b) => a + b, 0) +
    phase.ackTimeouts +
    phase.disconnects;
  const delivery = summarize(phase.lat);
  const ack = summarize(phase.ackLat);
  const errorRate = phase.sent ? errors / phase.sent : 0;
  const result = {
    rate: phase.rate,
    seconds: round(wallMs / 1000, 1),
    sent: phase.sent,
    threadReplies: phase.threadReplies,
    acked: phase.ackOk,
    deliveredToAll: phase.lat.length,
    lost,
    errors,
    errorRate: round(errorRate, 6),
    ackErrors: phase.ackErrors,
    ackTimeouts: phase.ackTimeouts,
    disconnects: phase.disconnects,
    delivery,
    ack,
    achievedRate: round(phase.ackOk / (wallMs / 1000), 1),
    sentLate: phase.late,
    loadgenCpu: loadCpu,
    serverCpu,
    loadgenLoopDelayP99Ms: loopDelay,
    foreignCpu,
    servicesCpu,
    aborted: phase.aborted,
    maxBySecond: Array.from(phase.timeline, (s) => (s ? Math.round(s.max) : null)),
  };
  result.pass =
    !phase.aborted &&
    phase.sent > 0 &&
    lost === 0 &&
    errorRate < maxErrorRate &&
    (delivery.p99 ?? Infinity) <= p99LimitMs;
  return result;
}

async function measured(phase, seconds, drainMs) {
  currentPhase = phase;
  const w = await sendingWindow(cfg).measure(() => runPhase(phase, seconds));
  await untilDrained(phase, drainMs);
  currentPhase = null;
  flushAcked();
  return phaseResult(
    phase,
    w.sendWall,
    w.loadgenCpu,
    w.serverCpu,
    w.loadgenLoopDelayP99Ms,
    w.foreignCpu,
    w.servicesCpu,
  );
}

function describe(label, r) {
  const d = r.delivery;
  return (
    `  ${label} ${r.rate} msg/s: sent ${r.sent} (${r.threadReplies} in threads), acked ${r.acked}, delivery p50/p99 ` +
    `${d.p50 ?? '-'}/${d.p99 ?? '-'} ms, ack p99 ${r.ack.p99 ?? '-'} ms, lost ${r.lost}, ` +
    `errors ${r.errors}, ${cpuAndVerdict(r)}`
  );
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const connected = await connectAll();
  log(`  ${cfg.target}: ${connected.sockets} sockets connected in ${connected.connectMs} ms`);
  const warmup = cfg.warmupSeconds ?? 3;
  const result = { target: cfg.target, ...connected, steps: [], fixed: null };

  if (cfg.mode === 'steps') {
    // Warm up (JIT, connection pools, caches) at the first step's rate; not reported.
    if (warmup > 0) await measured(newPhase('warmup', cfg.rates[0]), warmup, 5_000);
    let failuresInARow = 0;
    for (const rate of cfg.rates) {
      await settleServer(cfg);
      let r = await measured(newPhase(`step-${rate}`, rate), cfg.stepSeconds, cfg.drainMs);
      if (!r.pass && (r.foreignCpu ?? 0) > (cfg.disturbedCores ?? 0.25)) {
        // Other processes on this shared machine took CPU meanwhile: try the step once more.
        r.disturbed = true;
        result.steps.push(r);
        log(`${describe('step', r)} (disturbed by other processes: retrying once)`);
        await settleServer(cfg);
        r = await measured(newPhase(`step-${rate}-retry`, rate), cfg.stepSeconds, cfg.drainMs);
        r.retry = true;
      }
      result.steps.push(r);
      log(describe('step', r));
      if (r.pass) {
        failuresInARow = 0;
        continue;
      }
      failuresInARow += 1;
      const hard =
        r.aborted || r.lost > 0 || r.errorRate > 0.01 || (r.delivery.p99 ?? Infinity) > 1_000;
      if (hard || failuresInARow >= 2) break;
    }
  } else {
    await settleServer(cfg);
    if (warmup > 0) await measured(newPhase('warmup', cfg.fixedRate), warmup, 5_000);
    log('SENDING');
    const r = await measured(newPhase('fixed', cfg.fixedRate), cfg.fixedSeconds, cfg.drainMs);
    result.fixed = r;
    log(describe('fixed', r));
  }

  // Whole-run seq check: every member must hold every acked seq of its conversation, once.
  let missing = 0;
  let membersChecked = 0;
  let deliveredWithoutOkAck = 0;
  for (const c of conversations) {
    for (const receiver of c.receivers) {
      membersChecked += 1;
      for (const seq of c.ackedSeqs) if (!receiver.seen.has(seq)) missing += 1;
      for (const seq of receiver.seen) if (!c.ackedSeqs.has(seq)) deliveredWithoutOkAck += 1;
    }
  }
  result.seqCheck = {
    conversations: C,
    membersChecked,
    ackedMessages: conversations.reduce((n, c) => n + c.ackedSeqs.size, 0),
    missingDeliveries: missing,
    duplicateDeliveries,
    deliveredWithoutOkAck,
    unknownDeliveries,
  };
  result.disconnects = disconnects;
  flushAcked();
  closing = true;
  for (const c of conversations) for (const s of c.sockets) s.close();
  writeFileSync(cfg.out, JSON.stringify(result));
  await sleep(100);
  process.exit(0);
}

main().catch((error) => {
  log(`fanout load failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
