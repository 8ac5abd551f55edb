#!/usr/bin/env node
// P6 load client (Node + socket.io-client): people ask the built-in sizebot questions in their
// own direct conversations with it, open loop, and we time the streamed replies.
//
// Question k is due at start + k/rate, whatever the server does. It is asked by the person
// who has been idle longest: a person asks again only after their previous reply completed
// (or failed, or timed out), as a person waiting for an answer would. When nobody is idle the
// question waits for the first person to become free, and its ack is still timed from the
// SCHEDULED time, so a server that falls behind cannot hide it by slowing the askers down.
//
// Per question: ack = scheduled time -> `{ok:true}`; from the ack: the bot's `message:new`
// (kind bot, replyToId = the question), the first `message:delta` (the P6 figure), and the
// `message:updated` with status complete. Checks: every acked question gets exactly one bot
// message, that completes, and whose deltas add up to its final body.
//
// Questions differ (height and weight vary with k), so the reply cache (enabled, default TTL)
// mostly misses; its hits and misses are read from the API's metrics port and reported.
//
// Usage: node artillery/load/bots.mjs <config.json>   (written by artillery/run.mjs)
// config: { url, setupFile, rate, seconds, warmupSeconds, drainMs, ackTimeoutMs, replyTimeoutMs,
//           p99LimitMs, serverPid, rootPid, servicePids, tag, out }
import { writeFileSync } from 'node:fs';
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
const replyTimeoutMs = cfg.replyTimeoutMs ?? 15_000;
const p99LimitMs = cfg.p99LimitMs ?? 50;

/** A slightly different question each time, so that replies are not all cache hits. */
function question(k) {
  const height = 150 + (k % 50);
  const weight = 45 + (Math.floor(k / 50) % 80);
  return `I'm ${height} cm and ${weight} kg, which T-shirt size?`;
}

// ---------------------------------------------------------------------------------------------
// People and their sockets

const people = setup.people.map((p, i) => ({ ...p, index: i, socket: null }));
/** People not waiting for a reply, longest idle first. */
const idle = [];
/** Questions due while nobody was idle: asked as soon as somebody is. */
const waiting = [];

let closing = false;
let disconnects = 0;
let currentPhase = null;

/** Questions by the id the API gave them (from the ack). */
const questionsById = new Map();
/** Bot messages by id; created by whichever event of a reply arrives first. */
const replies = new Map();
/** Bot message ids by the question they answer (more than one is a duplicate reply). */
const repliesByQuestion = new Map();
let unknownReplies = 0;

function connectOne(person) {
  return connectSocket(cfg.url, {
    auth: { token: person.token },
    name: person.username,
    listen: (socket) => {
      socket.on('message:new', (m) => onMessageNew(m));
      socket.on('message:delta', (d) => onDelta(d));
      socket.on('message:updated', (m) => onUpdated(m));
    },
    onDisconnect: (reason) => {
      if (closing) return;
      disconnects += 1;
      if (currentPhase) currentPhase.disconnects += 1;
      log(`  socket of ${person.username} disconnected: ${reason}`);
    },
  });
}

async function connectAll() {
  const started = performance.now();
  const sockets = await pool(people, 25, (p) => connectOne(p));
  sockets.forEach((socket, i) => {
    people[i].socket = socket;
    idle.push(people[i]);
  });
  return { sockets: sockets.length, connectMs: Math.round(performance.now() - started) };
}

// ---------------------------------------------------------------------------------------------
// Receiving: the bot's message, its deltas, its final update

function replyOf(messageId) {
  let reply = replies.get(messageId);
  if (!reply) {
    reply = {
      messageId,
      questionId: null,
      startAt: null,
      firstDeltaAt: null,
      completeAt: null,
      text: '',
      deltas: 0,
      body: null,
      status: null,
      completes: 0,
    };
    replies.set(messageId, reply);
  }
  return reply;
}

function onMessageNew(m) {
  if (m?.kind !== 'bot') return; // the person's own question, echoed to the room
  const reply = replyOf(m.id);
  reply.startAt ??= performance.now();
  reply.questionId = m.replyToId ?? null;
  if (!reply.questionId) return void (unknownReplies += 1);
  const ids = repliesByQuestion.get(reply.questionId) ?? new Set();
  ids.add(m.id);
  repliesByQuestion.set(reply.questionId, ids);
}

function onDelta(d) {
  const reply = replyOf(d?.messageId);
  reply.firstDeltaAt ??= performance.now();
  reply.deltas += 1;
  reply.text += d?.delta ?? '';
}

function onUpdated(m) {
  if (m?.kind !== 'bot') return;
  const reply = replyOf(m.id);
  reply.questionId ??= m.replyToId ?? null;
  if (m.status === 'complete' || m.status === 'failed') {
    reply.completes += 1;
    reply.completeAt ??= performance.now();
    reply.status ??= m.status;
    reply.body ??= m.body ?? '';
    // The ack may still be on its way (then the ack frees the person).
    const rec = questionsById.get(reply.questionId);
    if (rec) finish(rec, m.status);
  }
}

// ---------------------------------------------------------------------------------------------
// Asking (open loop)

let k = 0;

function newPhase(name, rate) {
  return {
    name,
    rate,
    sent: 0,
    ackOk: 0,
    ackErrors: {},
    ackTimeouts: 0,
    replyTimeouts: 0,
    outstanding: 0,
    disconnects: 0,
    late: 0,
    waitedForPerson: 0,
    unasked: 0,
    aborted: null,
    records: [],
    start: null,
  };
}

/** Question `rec` is over for its person: they may ask again. */
function finish(rec, outcome) {
  if (rec.over) return;
  rec.over = outcome;
  clearTimeout(rec.timer);
  rec.phase.outstanding -= 1;
  idle.push(rec.person);
  if (waiting.length) ask(waiting.shift());
}

/** Schedules question `index` of `phase`, due at `sched`; asked now if somebody is idle. */
function due(phase, sched) {
  const rec = {
    index: k++,
    phase,
    sched,
    person: null,
    sentAt: null,
    ackAt: null,
    ack: null,
    id: null,
    over: null,
    timer: null,
  };
  phase.records.push(rec);
  phase.sent += 1;
  phase.outstanding += 1;
  if (idle.length) ask(rec);
  else {
    phase.waitedForPerson += 1;
    waiting.push(rec);
  }
}

function ask(rec) {
  const person = idle.shift();
  const { phase } = rec;
  rec.person = person;
  rec.sentAt = performance.now();
  if (rec.sentAt - rec.sched > 5) phase.late += 1;
  const clientMessageId = `${cfg.tag}-${rec.index}`;
  person.socket
    .timeout(ackTimeoutMs)
    .emit(
      'message:send',
      { conversationId: person.conversationId, clientMessageId, body: question(rec.index) },
      (err, ack) => onAck(rec, err, ack),
    );
}

function onAck(rec, err, ack) {
  const { phase } = rec;
  rec.ackAt = performance.now();
  if (err) {
    phase.ackTimeouts += 1;
    rec.ack = 'timeout';
    return finish(rec, 'ackTimeout');
  }
  if (!ack?.ok) {
    const code = ack?.error?.code ?? 'UNKNOWN';
    phase.ackErrors[code] = (phase.ackErrors[code] ?? 0) + 1;
    rec.ack = 'error';
    if (Object.values(phase.ackErrors).reduce((a, b) => a + b, 0) <= 3)
      log(`  ack error ${code}: ${ack?.error?.message}`);
    return finish(rec, 'ackError');
  }
  phase.ackOk += 1;
  rec.ack = 'ok';
  rec.id = ack.data.id;
  questionsById.set(rec.id, rec);
  // The reply may have completed before the ack arrived (it never should, but then it is over).
  const done = [...(repliesByQuestion.get(rec.id) ?? [])]
    .map((id) => replies.get(id))
    .find((r) => r.status);
  if (done) return finish(rec, done.status);
  rec.timer = setTimeout(() => {
    phase.replyTimeouts += 1;
    finish(rec, 'replyTimeout');
  }, replyTimeoutMs);
}

/** Asks `rate` questions/s for `seconds` on a fixed schedule; aborts past 2 s of backlog. */
function runPhase(phase, seconds) {
  phase.start = performance.now() + 5;
  return openLoop({
    rate: phase.rate,
    seconds,
    start: phase.start,
    schedules: [{ onDue: (_k, scheduledAt) => due(phase, scheduledAt) }],
    abort: () => {
      if (waiting.length <= Math.max(10, phase.rate * 2)) return false;
      phase.aborted = `${waiting.length} questions waiting for an idle person (> 2 s of load)`;
      return true;
    },
  });
}

async function drain(phase, maxMs) {
  await untilDrained(phase, maxMs);
  // Questions never asked (the phase aborted, or the drain ran out) are not waited for.
  phase.unasked = waiting.length;
  waiting.length = 0;
}

// ---------------------------------------------------------------------------------------------
// Results

/** Reads `name{label="value"}` counters from the API's metrics port (null when unavailable). */
async function scrapeCounters(name, label) {
  try {
    const res = await fetch(cfg.metricsUrl);
    if (!res.ok) return null;
    const text = await res.text();
    const counts = {};
    const re = new RegExp(`^${name}\\{[^}]*${label}="([^"]+)"[^}]*\\} (\\S+)$`, 'gm');
    for (const [, value, n] of text.matchAll(re)) counts[value] = (counts[value] ?? 0) + Number(n);
    return counts;
  } catch {
    return null;
  }
}

function counterDelta(before, after) {
  if (!before || !after) return null;
  return Object.fromEntries(
    Object.entries(after).map(([key, n]) => [key, round(n - (before[key] ?? 0), 0)]),
  );
}

/** Latencies and the loss checks of one phase, from what each question's reply received. */
function phaseResult(phase, wallMs, meters) {
  const ack = [];
  const toStart = [];
  const startToFirstDelta = [];
  const toFirstDelta = [];
  const toComplete = [];
  const streaming = [];
  const firstDeltaMaxBySecond = [];
  const checks = {
    missingReplies: 0,
    duplicateReplies: 0,
    failedReplies: 0,
    incompleteReplies: 0,
    repliesWithoutDelta: 0,
    streamMismatches: 0,
    repeatedCompletes: 0,
    deltaBeforeAck: 0,
  };
  for (const rec of phase.records) {
    if (rec.ack !== 'ok') continue;
    ack.push(rec.ackAt - rec.sched);
    const ids = [...(repliesByQuestion.get(rec.id) ?? [])];
    if (ids.length === 0) {
      checks.missingReplies += 1;
      continue;
    }
    if (ids.length > 1) checks.duplicateReplies += ids.length - 1;
    const reply = replies.get(ids[0]);
    if (reply.completes > 1) checks.repeatedCompletes += reply.completes - 1;
    if (reply.status === 'failed') checks.failedReplies += 1;
    else if (reply.status !== 'complete') checks.incompleteReplies += 1;
    if (reply.firstDeltaAt === null) checks.repliesWithoutDelta += 1;
    else if (reply.status === 'complete' && reply.text.trim() !== reply.body)
      checks.streamMismatches += 1;
    if (reply.startAt !== null) toStart.push(Math.max(0, reply.startAt - rec.ackAt));
    if (reply.firstDeltaAt !== null) {
      if (reply.firstDeltaAt < rec.ackAt) checks.deltaBeforeAck += 1;
      const ms = Math.max(0, reply.firstDeltaAt - rec.ackAt);
      toFirstDelta.push(ms);
      if (reply.startAt !== null) startToFirstDelta.push(reply.firstDeltaAt - reply.startAt);
      const second = Math.floor((rec.sched - phase.start) / 1000);
      firstDeltaMaxBySecond[second] = Math.round(Math.max(firstDeltaMaxBySecond[second] ?? 0, ms));
    }
    if (reply.status === 'complete') {
      toComplete.push(Math.max(0, reply.completeAt - rec.ackAt));
      if (reply.firstDeltaAt !== null) streaming.push(reply.completeAt - reply.firstDeltaAt);
    }
  }
  const ackErrors = Object.values(phase.ackErrors).reduce((a, b) => a + b, 0);
  const errors = ackErrors + phase.ackTimeouts + phase.replyTimeouts + phase.disconnects;
  const badReplies =
    checks.missingReplies +
    checks.duplicateReplies +
    checks.failedReplies +
    checks.incompleteReplies +
    checks.repliesWithoutDelta +
    checks.streamMismatches;
  const firstDelta = summarize(toFirstDelta);
  const result = {
    rate: phase.rate,
    seconds: round(wallMs / 1000, 1),
    asked: phase.sent - phase.unasked,
    acked: phase.ackOk,
    completed: toComplete.length,
    errors,
    ackErrors: phase.ackErrors,
    ackTimeouts: phase.ackTimeouts,
    replyTimeouts: phase.replyTimeouts,
    disconnects: phase.disconnects,
    ...checks,
    badReplies,
    ack: summarize(ack),
    ackToFirstDelta: firstDelta,
    ackToComplete: summarize(toComplete),
    ackToBotMessage: summarize(toStart),
    botMessageToFirstDelta: summarize(startToFirstDelta),
    firstDeltaToComplete: summarize(streaming),
    achievedRate: round(phase.ackOk / (wallMs / 1000), 1),
    sentLate: phase.late,
    waitedForPerson: phase.waitedForPerson,
    ...meters,
    aborted: phase.aborted,
    firstDeltaMaxBySecond: Array.from(firstDeltaMaxBySecond, (v) => v ?? null),
  };
  result.pass =
    !phase.aborted &&
    phase.sent > 0 &&
    errors === 0 &&
    badReplies === 0 &&
    (firstDelta.p99 ?? Infinity) <= p99LimitMs;
  return result;
}

async function measured(phase, seconds, drainMs) {
  const window = sendingWindow(cfg);
  const cacheBefore = await scrapeCounters('bot_reply_cache_total', 'result');
  currentPhase = phase;
  // CPU over the sending window: replies still streaming after it are drained, not measured.
  const w = await window.measure(() => runPhase(phase, seconds));
  await drain(phase, drainMs);
  currentPhase = null;
  const cacheAfter = await scrapeCounters('bot_reply_cache_total', 'result');
  return phaseResult(phase, w.sendWall, {
    replyCache: counterDelta(cacheBefore, cacheAfter),
    serverCpu: w.serverCpu,
    loadgenCpu: w.loadgenCpu,
    loadgenLoopDelayP99Ms: w.loadgenLoopDelayP99Ms,
    foreignCpu: w.foreignCpu,
    servicesCpu: w.servicesCpu,
  });
}

function describe(label, r) {
  const d = r.ackToFirstDelta;
  const c = r.ackToComplete;
  return (
    `  ${label} ${r.rate} questions/s: asked ${r.asked}, acked ${r.acked}, completed ${r.completed}, ` +
    `ack -> first delta p50/p99 ${d.p50 ?? '-'}/${d.p99 ?? '-'} ms, ack -> complete p50/p99 ` +
    `${c.p50 ?? '-'}/${c.p99 ?? '-'} ms, ack p99 ${r.ack.p99 ?? '-'} ms, bad replies ${r.badReplies}, ` +
    `errors ${r.errors}, cache ${JSON.stringify(r.replyCache)}, ${cpuAndVerdict(r)}`
  );
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const connected = await connectAll();
  log(`  bots: ${connected.sockets} sockets connected in ${connected.connectMs} ms`);
  const result = { ...connected, people: people.length, bot: setup.bot.username, fixed: null };
  await settleServer(cfg);
  // Warm up (JIT, connection pools, the queue's worker) at the same rate; not reported.
  const warmup = cfg.warmupSeconds ?? 3;
  if (warmup > 0) await measured(newPhase('warmup', cfg.rate), warmup, 10_000);
  await settleServer(cfg);
  const r = await measured(newPhase('fixed', cfg.rate), cfg.seconds, cfg.drainMs ?? 15_000);
  result.fixed = r;
  result.unknownReplies = unknownReplies;
  result.disconnects = disconnects;
  log(describe('P6', r));
  closing = true;
  for (const p of people) p.socket.close();
  writeFileSync(cfg.out, JSON.stringify(result));
  await sleep(100);
  process.exit(0);
}

main().catch((error) => {
  log(`bots load failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
