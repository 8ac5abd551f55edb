#!/usr/bin/env node
// P5 load: full-text search through the API (REST GET with a bearer token) over the seeded
// 1,000,000-message conversation, open loop at a fixed rate, latency from the scheduled time.
// Queries alternate between a word in every message, a word in one message, a prefix, and a
// phrase, so neither a cheap nor an expensive plan alone decides the figure.
//
// Usage: node artillery/load/search.mjs <config.json>
// config: { url, token, rate, seconds, messages, out, serverPid, rootPid, servicePids }
import { writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { openLoop } from '../lib/open-loop.mjs';
import { checkedGet, readJson, round, summarize, windowMeters } from '../lib/util.mjs';

const cfg = readJson(process.argv[2]);
const log = (line) => process.stderr.write(`${line}\n`);
const agent = new Agent({ keepAlive: true, maxSockets: 32 });

/** Each kind of query, and what its first page must hold (seeded: "message number N of the big conversation"). */
const KINDS = {
  frequent: { q: () => 'conversation', expect: (items) => items.length === 20 },
  // A number: its message, plus those whose number it prefixes (the last word is a prefix).
  rare: {
    q: (k) => `${1 + ((k * 7919) % cfg.messages)}`,
    expect: (items) => items.length >= 1,
  },
  prefix: { q: () => 'convers', expect: (items) => items.length === 20 },
  phrase: { q: () => '"big conversation"', expect: (items) => items.length === 20 },
};
const ORDER = Object.keys(KINDS);

function search(kind, k) {
  const target = new URL('/api/v1/search/messages', cfg.url);
  target.searchParams.set('q', KINDS[kind].q(k));
  target.searchParams.set('limit', '20');
  return checkedGet(agent, target, cfg.token, (body) =>
    KINDS[kind].expect(body.items) ? null : `${kind}: ${body.items.length} hits`,
  );
}

async function main() {
  // Warm up (connections, plans, caches) before the clock starts.
  for (let w = 0; w < 8; w += 1) await Promise.all(ORDER.map((kind) => search(kind, w)));
  const meters = windowMeters(cfg);
  meters.start();

  const byKind = Object.fromEntries(ORDER.map((kind) => [kind, { lat: [], errors: 0 }]));
  const all = [];
  let errors = 0;
  let firstError = null;
  const inFlight = [];
  const ask = (i, sched) => {
    const kind = ORDER[i % ORDER.length];
    inFlight.push(
      search(kind, i).then((error) => {
        const ms = performance.now() - sched;
        if (error) {
          errors += 1;
          byKind[kind].errors += 1;
          firstError ??= error;
        } else {
          byKind[kind].lat.push(ms);
          all.push(ms);
        }
      }),
    );
  };
  await openLoop({ rate: cfg.rate, seconds: cfg.seconds, schedules: [{ onDue: ask }] });
  const { foreignCpu, serverCpu, servicesCpu } = meters.stop();
  await Promise.race([Promise.all(inFlight), sleep(15_000, undefined, { ref: false })]);
  agent.destroy();
  const result = {
    rate: cfg.rate,
    seconds: cfg.seconds,
    messages: cfg.messages,
    all: { ...summarize(all), errors, firstError },
    kinds: Object.fromEntries(
      ORDER.map((kind) => [kind, { ...summarize(byKind[kind].lat), errors: byKind[kind].errors }]),
    ),
    foreignCpu,
    serverCpu,
    servicesCpu,
  };
  writeFileSync(cfg.out, JSON.stringify(result));
  log(
    `  search: p50/p99 ${result.all.p50}/${result.all.p99} ms (${errors} errors); ` +
      ORDER.map((k) => `${k} p99 ${round(result.kinds[k].p99 ?? 0)}`).join(', ') +
      `; cpu server ${serverCpu ?? '?'} others ${foreignCpu ?? '?'}`,
  );
  process.exit(0);
}

main().catch((error) => {
  log(`search load failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
